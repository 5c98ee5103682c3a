/** Records written to the database a statement at a time, in slices small enough for one statement's arrays. */

/** Rows per statement. */
export const CHUNK_ROWS = 1000;

/** `items` in slices of at most CHUNK_ROWS, in order. */
export function* chunksOf<T>(items: readonly T[]): Iterable<T[]> {
  for (let i = 0; i < items.length; i += CHUNK_ROWS) yield items.slice(i, i + CHUNK_ROWS);
}
