/**
 * The tiny query interface the bureau's SQL is written against, so one implementation runs on PGlite (embedded,
 * data in a directory) and on a PostgreSQL server (`pg.Pool`). Every value travels as a `$n` parameter.
 */

/** A row as the driver returns it: column name → value. */
export type Row = Record<string, unknown>;

/** Something that runs parameterised SQL: the database, or one transaction of it. */
export interface SqlRunner {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Run a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** A database connection (pool or embedded instance). */
export interface SqlDb extends SqlRunner {
  /** Which driver stands behind (for logs and the benchmark). */
  readonly driver: 'pglite' | 'pg';
  /** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
