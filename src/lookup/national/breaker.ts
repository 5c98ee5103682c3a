/**
 * Circuit breaker for the national platform: after `failureThreshold` consecutive failed queries it stops
 * asking for `cooldownMs` (callers get CircuitOpenError at once), then lets one probe through (half-open):
 * a success closes it, a failure opens it again.
 */
import { CircuitOpenError } from '../../domain/errors.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSettings {
  failureThreshold: number;
  cooldownMs: number;
}

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #opened = 0;
  readonly #settings: BreakerSettings;
  readonly #now: () => number;

  constructor(settings: BreakerSettings, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
  }

  /** Current state; an open breaker whose cooldown has passed reads as half-open. */
  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() >= this.retryAt) return 'half_open';
    return this.#state;
  }

  /** When an open breaker lets the next probe through (epoch millis). */
  get retryAt(): number {
    return this.#openedAt + this.#settings.cooldownMs;
  }

  /** While open, when the next probe may go (epoch millis); undefined once it lets queries through. */
  get openUntil(): number | undefined {
    return this.state === 'open' ? this.retryAt : undefined;
  }

  /** How many times the breaker has opened (for benchmarks and logs). */
  get timesOpened(): number {
    return this.#opened;
  }

  /** Throws CircuitOpenError while open; after the cooldown the caller becomes the half-open probe. */
  check(): void {
    const state = this.state;
    if (state === 'open') throw new CircuitOpenError(this.retryAt);
    if (state === 'half_open') this.#state = 'half_open';
  }

  /** A query reached the platform and got an answer. */
  success(): void {
    this.#state = 'closed';
    this.#failures = 0;
  }

  /** A query failed (unreachable, blocked, unreadable). */
  failure(): void {
    this.#failures++;
    if (this.#state === 'half_open' || this.#failures >= this.#settings.failureThreshold) {
      if (this.#state !== 'open') this.#opened++;
      this.#state = 'open';
      this.#openedAt = this.#now();
    }
  }
}
