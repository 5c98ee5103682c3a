/**
 * The outbox: one message at a time, each started at least `intervalMs` after the previous one settled (WeChat
 * punishes bursts), long texts split under `maxChars` at line boundaries, a failed send tried again up to
 * `retries` times. A message that still fails is logged (without its text, which may hold an ID number) and
 * dropped; the queue goes on.
 *
 * The queue is marked idle in the same synchronous step in which the drain loop finds it empty, so a reply
 * pushed at any moment after the last send settled either is taken by the running loop or starts a new one.
 */
import { logger } from '../util/logger.js';
import { splitText } from './split-text.js';
import type { ChatReply } from './types.js';

const log = logger('chat-send');

/** Sends one message on the platform; rejects when it failed. */
export type Transport = (reply: ChatReply) => Promise<void>;

export interface SendQueueOptions {
  intervalMs: number;
  maxChars: number;
  retries: number;
  /** Clock in ms, for tests; default the monotonic, sub-millisecond `performance.now` (Date.now's whole
   *  milliseconds let two sends come up to 1 ms closer than the interval). */
  now?: () => number;
}

export class SendQueue {
  private readonly items: ChatReply[] = [];
  /** True from the push that starts a drain loop until that loop finds nothing left. */
  private draining = false;
  /** The current (or last) drain loop, for onIdle. */
  private drained: Promise<void> = Promise.resolve();
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly transport: Transport,
    private readonly options: SendQueueOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Queue a reply (texts are split here). */
  push(reply: ChatReply): void {
    if (reply.content.kind === 'text') {
      for (const text of splitText(reply.content.text, this.options.maxChars)) {
        this.items.push({ to: reply.to, content: { kind: 'text', text } });
      }
    } else {
      this.items.push(reply);
    }
    if (!this.draining && this.items.length > 0) {
      this.draining = true;
      this.drained = this.drain();
    }
  }

  /** Messages not yet sent. */
  get size(): number {
    return this.items.length;
  }

  /** Resolves once everything queued so far has been sent (or given up). */
  async onIdle(): Promise<void> {
    while (this.draining) await this.drained;
  }

  /**
   * Send until the queue is empty. The flag is cleared right where the loop finds no item, with no await in
   * between: clearing it later (in a `finally` of the loop's promise, as before) left a few microtasks in which
   * a push saw a loop still "running" that would never look again, and its reply waited for the next push.
   */
  private async drain(): Promise<void> {
    for (let reply = this.items.shift(); reply; reply = this.items.shift()) {
      await this.sendWithRetries(reply);
    }
    this.draining = false;
  }

  private async sendWithRetries(reply: ChatReply): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.spacing();
      try {
        await this.transport(reply);
        return;
      } catch (error) {
        const last = attempt >= this.options.retries;
        log.warn(
          {
            to: reply.to.roomId ?? reply.to.userId,
            kind: reply.content.kind,
            attempt: attempt + 1,
            error: (error as Error)?.message,
          },
          last ? 'send failed, message dropped' : 'send failed, retrying',
        );
        if (last) return;
      } finally {
        // Spacing counts from when the send settled: a send that takes long still leaves the full interval
        // before the next, and every observer inside the transport sees at least the interval between calls.
        this.lastSentAt = this.now();
      }
    }
  }

  /**
   * Wait out the interval since the last send. A timer may fire early by the clock (timers run on the event
   * loop's cached time, stale while the loop is busy, and drop fractions of a millisecond), so check again.
   */
  private async spacing(): Promise<void> {
    for (let wait = this.waitLeft(); wait > 0; wait = this.waitLeft()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
  }

  private waitLeft(): number {
    return this.lastSentAt + this.options.intervalMs - this.now();
  }
}
