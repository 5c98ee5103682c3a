/**
 * Keep a lease (leases.ts) while the process lives: try to take it now and every `renewMs`; when it is taken,
 * `gained` runs (e.g. open the one connection the lease guards); when it is lost, `lost` runs first thing. A
 * lease that cannot be renewed (the database out of reach) counts as lost before it could run out, so the
 * resource is let go before another instance may take it. `stop` lets it go and releases the lease at once.
 */
import { logger } from '../util/logger.js';
import type { Leases } from './sql/leases.js';

const log = logger('lease');

export interface LeaseTimings {
  /** How long a lease runs unless renewed. */
  ttlMs: number;
  /** How often the holder renews it and the others try to take it (well under ttlMs). */
  renewMs: number;
}

export interface LeaseHandlers {
  /** The lease is ours: take up the resource. A rejection lets the lease go again (and `start` rejects with it). */
  gained(): Promise<void>;
  /** The lease is no longer ours (or stopping): let the resource go. */
  lost(): Promise<void>;
}

export class LeaseKeeper {
  private held = false;
  /** Until when the lease is ours for sure: when it was last asked for, plus its life. */
  private heldUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly leases: Leases,
    private readonly name: string,
    private readonly holder: string,
    private readonly timings: LeaseTimings,
    private readonly handlers: LeaseHandlers,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this process holds the lease. */
  get holding(): boolean {
    return this.held;
  }

  /** Try once (resolves when the resource is taken up, or the lease is another's), then keep trying. */
  async start(): Promise<void> {
    this.round = this.turn();
    await this.round;
    this.schedule();
  }

  /** Stop trying; let the resource go and release the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round.catch(() => {});
    if (!this.held) return;
    this.held = false;
    await this.handlers.lost();
    try {
      await this.leases.release(this.name, this.holder);
      log.info({ lease: this.name }, 'lease released');
    } catch (error) {
      log.warn({ lease: this.name, error: String(error) }, 'lease not released: it runs out by itself');
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.turn().catch((error) =>
        log.error({ lease: this.name, error: String(error) }, 'lease'),
      );
      void this.round.finally(() => this.schedule());
    }, this.timings.renewMs);
    this.timer.unref();
  }

  private async turn(): Promise<void> {
    const askedAt = this.now();
    let ours: boolean;
    try {
      ours = await this.leases.acquire(this.name, this.holder, this.timings.ttlMs);
    } catch (error) {
      log.warn({ lease: this.name, error: String(error) }, 'lease not renewed');
      // Let go before the lease could run out and another instance take the resource.
      ours = this.held && this.now() + this.timings.renewMs < this.heldUntil;
    }
    if (this.stopped) {
      // Taken while stopping: `stop` releases only a lease already held, so give this one back here.
      if (ours && !this.held) await this.leases.release(this.name, this.holder).catch(() => {});
      return;
    }
    if (ours) this.heldUntil = askedAt + this.timings.ttlMs;
    if (ours && !this.held) {
      this.held = true;
      log.info({ lease: this.name }, 'lease taken');
      try {
        await this.handlers.gained();
      } catch (error) {
        this.held = false;
        await this.leases.release(this.name, this.holder).catch(() => {});
        throw error;
      }
    } else if (!ours && this.held) {
      this.held = false;
      log.warn({ lease: this.name }, 'lease lost');
      await this.handlers.lost();
    }
  }
}
