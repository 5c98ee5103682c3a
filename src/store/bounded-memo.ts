/**
 * A small memory in front of the database: at most `max` values, each forgotten `lifeMs` after it was set, the
 * least recently used dropped first when it is full. Its size never grows with what the database holds.
 */
export class BoundedMemo<V> {
  private readonly values = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly max: number,
    private readonly lifeMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The value set for `key` within its life, else undefined (an expired one is dropped). */
  get(key: string): V | undefined {
    const held = this.values.get(key);
    if (held === undefined) return undefined;
    this.values.delete(key);
    if (held.until <= this.clock()) return undefined;
    this.values.set(key, held); // now the most recently used
    return held.value;
  }

  set(key: string, value: V): void {
    this.values.delete(key);
    this.values.set(key, { value, until: this.clock() + this.lifeMs });
    for (const oldest of this.values.keys()) {
      if (this.values.size <= this.max) break;
      this.values.delete(oldest);
    }
  }

  /** Forget `key`, only while it still holds `value` when that is given. */
  delete(key: string, value?: V): void {
    if (value === undefined || this.values.get(key)?.value === value) this.values.delete(key);
  }

  /** Forget every value. */
  clear(): void {
    this.values.clear();
  }

  /** Values held (expired ones not yet dropped included). */
  get size(): number {
    return this.values.size;
  }
}
