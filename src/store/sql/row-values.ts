/** Values of a row as the drivers return them (pg and PGlite alike), back into what the store's types hold. */

/** A timestamptz (a Date from either driver, or its text) as an ISO instant. */
export function isoOf(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** A json column (parsed by the driver, or its text). */
export function jsonOf<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
