/**
 * Writes gathered into groups: what callers hand over while a group is being written goes into the next one,
 * so a burst of writes (a roster's findings) costs a few statements per group, not per write, while a lone
 * write (a chat query's) goes at once. One group is written at a time, in the order handed over.
 */
export class GroupWrites<I, R> {
  private waiting: Array<{ item: I; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private running = false;

  /** `writeGroup` writes the items and resolves with each one's result, in their order. */
  constructor(
    private readonly writeGroup: (items: I[]) => Promise<R[]>,
    private readonly maxGroup: number,
  ) {}

  /** Resolves with `item`'s result once its group is written; rejects when the group's write fails. */
  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      // After the current turn: the writes handed over in the same turn share the first group.
      queueMicrotask(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxGroup);
      try {
        const results = await this.writeGroup(group.map((w) => w.item));
        group.forEach((w, i) => {
          w.resolve(results[i] as R);
        });
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.running = false;
  }
}
