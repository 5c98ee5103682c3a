/**
 * Writes to the database a caller may leave unawaited (a batch's findings, the audit trail, the check tally),
 * waited for by `settle` (the owner's `flush`): one promise chained per write, so that many flushes waiting
 * never attach handlers per write still on its way. A write that failed is done again by the next `settle`,
 * which rejects while it still fails, as an append to a file was written again by the next flush.
 */
export class PendingWrites {
  /** Settles once every write tracked so far has settled. */
  private last: Promise<void> = Promise.resolve();
  /** Writes to do again, oldest first. */
  private failed: Array<() => Promise<unknown>> = [];

  /** Wait for `write` at the next `settle`; when it fails, `again` redoes it there. */
  track(write: Promise<unknown>, again: () => Promise<unknown>): void {
    const settled = write.then(
      () => {},
      () => {
        this.failed.push(again);
      },
    );
    this.last = Promise.all([this.last, settled]).then(() => {});
  }

  /** Resolves once every write tracked so far is done, redoing those that failed; rejects when one fails again. */
  async settle(): Promise<void> {
    await this.last;
    const redo = this.failed.splice(0);
    const results = await Promise.allSettled(redo.map((again) => again()));
    const still = redo.filter((_, i) => results[i]?.status === 'rejected');
    if (still.length === 0) return;
    this.failed.unshift(...still);
    throw (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
  }
}
