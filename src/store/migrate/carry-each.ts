/** The counting every kind does: carry each item of the files over and add up what it wrote and what is held. */
import type { KindCount } from './kind.js';

/** What carrying one item did: records written now, and records of it the database holds afterwards. */
export interface Carried {
  added: number;
  stored: number;
}

/** Carry `items` one after another; `read` is how many records they hold. */
export async function carryEach<I>(
  items: readonly I[],
  read: number,
  carry: (item: I) => Promise<Carried>,
): Promise<KindCount> {
  const count: KindCount = { read, stored: 0, added: 0 };
  for (const item of items) {
    const done = await carry(item);
    count.added += done.added;
    count.stored += done.stored;
  }
  return count;
}
