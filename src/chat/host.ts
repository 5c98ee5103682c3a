/**
 * The one chat host every door plugs into. It builds the handler once, gives each door its own send queue with
 * the door's limits, asks the pending (unverifiable) queries again on a timer, and routes every reply to the door
 * named by its address (`reply.to.door`), also a reply queued on disk before a restart.
 *
 * Which replies answer which message: the handler has one `send`; `receive` runs the handler inside an
 * AsyncLocalStorage context naming the message, so a reply sent while that message is handled (in any await
 * below it) is known to belong to it. With `firstReplyWithinMs`, the first such reply to the message's own
 * conversation is handed back to the door (for a passive answer in its own HTTP response) instead of queued. The
 * hand-over and the deadline close the same flag in one synchronous step, so a reply is either taken or
 * queued, never both. Replies sent outside any `receive` (pending answers, resumed batches, captcha prompts to
 * the operator) and replies to another conversation go through the queues.
 *
 * A reply whose door is not running is logged (door and kind only) and dropped; queued answers on disk are not
 * lost to this: the pending answers and resumed batches ask `reachable` first and stay in the store until their door
 * is up. A reply without a door (data written before addresses named one) goes to the only running door, if
 * exactly one runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChatDoor } from '../config/chat-ids.js';
import type { SqlDb } from '../sql/db.js';
import { logger } from '../util/logger.js';
import type { ChatHandler } from './core/handler.js';
import { SendQueue } from './send-queue.js';
import { splitText } from './split-text.js';
import type { ChatTransport, TransportHost } from './transports/transport.js';
import { type ChatAddress, type ChatInput, type ChatReply, type ChatSend, replyAddress } from './types.js';

const log = logger('chat-host');

/** Whether a reply to `to` can be sent now (its door runs and is ready). */
export type Reachable = (to: ChatAddress) => boolean;

/** A handler and how to release what it holds. */
export interface ComposedHandler {
  handler: ChatHandler;
  /**
   * Work the bot does on its own (the ledgers' re-checks and reminders), started on the host's timer at the lowest
   * priority; `close` stops it. Never rejects.
   */
  tick?(): Promise<void>;
  close(): Promise<void>;
  /** The bot's database, shared by its instances (the doors keep their shared state there). */
  db?: SqlDb;
}

/**
 * Builds the handler once the host can send. `reachable` tells whether a queued answer's door can take it now
 * (answers whose door is down stay on disk).
 */
export type HandlerFactory = (send: ChatSend, reachable: Reachable) => Promise<ComposedHandler>;

export interface ChatHostOptions {
  handler: HandlerFactory;
  transports: readonly ChatTransport[];
  /** How often unverifiable queries are asked again (also once at start and when a door says it is ready). */
  retryEveryMs: number;
  /** How long `stop` lets the messages in hand be answered through the open doors (default 10 s). */
  stopGraceMs?: number;
  /** How often the handler's own work is ticked (`ComposedHandler.tick`; default every minute, once at start). */
  tickEveryMs?: number;
}

/** The message being handled in the current async context, and whether its first reply may still be taken. */
interface Inflight {
  to: ChatAddress;
  take?: (reply: ChatReply) => void;
}

export class ChatHost implements TransportHost {
  private readonly doors = new Map<ChatDoor, { transport: ChatTransport; queue: SendQueue }>();
  private readonly context = new AsyncLocalStorage<Inflight>();
  private composed: Promise<ComposedHandler> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly handling = new Set<Promise<unknown>>();
  private running = false;

  constructor(private readonly options: ChatHostOptions) {
    for (const transport of options.transports) {
      if (this.doors.has(transport.door)) throw new Error(`door ${transport.door} given twice`);
      const queue = new SendQueue((reply) => transport.deliver(reply), transport.sendLimits);
      this.doors.set(transport.door, { transport, queue });
    }
  }

  /**
   * Build the handler and start every door (a message that comes before the handler is ready waits for it), then
   * ask the pending queries once, and again on the timer.
   */
  async start(): Promise<void> {
    this.composed = this.options.handler(
      (reply) => this.send(reply),
      (to) => this.reachable(to),
    );
    this.composed.catch((error) =>
      log.error({ error: String(error) }, 'the chat handler could not be built'),
    );
    this.running = true;
    for (const { transport } of this.doors.values()) await transport.start(this);
    await this.composed;
    this.timer = setInterval(() => void this.retryPending(), this.options.retryEveryMs);
    this.timer.unref();
    await this.retryPending();
    this.ticker = setInterval(() => void this.tick(), this.options.tickEveryMs ?? 60_000);
    this.ticker.unref();
    void this.tick();
  }

  /**
   * Tick the handler's own work now (not counted by `onIdle`: a re-check may run for hours; `stop` ends it
   * through the handler's `close`). Resolves when what the tick started has ended.
   */
  async tick(): Promise<void> {
    const composed = await this.composed?.catch(() => undefined);
    await composed?.tick?.().catch((error) => log.error({ error: String(error) }, 'background work failed'));
  }

  /** Ask the pending queries again now; `stop` waits for the round to end before releasing the handler. */
  retryPending(): Promise<number> {
    return this.track(
      this.handlerReady()
        .then(({ handler }) => handler.retryPending())
        .catch((error) => {
          log.error({ error: String(error) }, 'retrying pending queries failed');
          return 0;
        }),
    );
  }

  /** The handler's database, once it is built. */
  async database(): Promise<SqlDb | undefined> {
    return (await this.handlerReady()).db;
  }

  /** A door that could not send before (e.g. not logged in) can now. */
  ready(): void {
    void this.retryPending();
  }

  receive(input: ChatInput, options: { firstReplyWithinMs?: number } = {}): Promise<ChatReply[]> {
    const deadline = options.firstReplyWithinMs;
    const flight: Inflight = { to: replyAddress(input) };
    const handled = this.track(this.context.run(flight, () => this.handle(input)));
    if (deadline === undefined) return handled.then(() => []);
    return new Promise<ChatReply[]>((resolve) => {
      const close = (taken: ChatReply[]) => {
        flight.take = undefined;
        clearTimeout(timer);
        resolve(taken);
      };
      const timer = setTimeout(() => close([]), deadline);
      flight.take = (reply) => close([reply]);
      void handled.then(() => close([]));
    });
  }

  /** Resolves once every message in hand is handled, every retry round over and every queue empty. */
  async onIdle(): Promise<void> {
    const busy = () => this.handling.size > 0 || [...this.doors.values()].some((d) => d.queue.size > 0);
    do {
      await Promise.all([...this.handling]);
      await Promise.all([...this.doors.values()].map((d) => d.queue.onIdle()));
    } while (busy());
  }

  /**
   * Let the messages in hand be answered and sent while the doors are still open (for up to `stopGraceMs`: a
   * door such as the WeCom robot cannot send once stopped), then stop every door, wait for what is still in hand,
   * and release the handler.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.ticker);
    this.timer = undefined;
    this.ticker = undefined;
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      this.onIdle(),
      new Promise<void>((resolve) => {
        grace = setTimeout(resolve, this.options.stopGraceMs ?? 10_000);
      }),
    ]);
    clearTimeout(grace);
    for (const { transport } of this.doors.values()) {
      await transport
        .stop()
        .catch((error) => log.error({ door: transport.door, error: String(error) }, 'stop failed'));
    }
    await this.onIdle();
    this.running = false;
    const composed = await this.composed?.catch(() => undefined);
    await composed
      ?.close()
      .catch((error) => log.error({ error: String(error) }, 'closing the handler failed'));
  }

  /** Count `work` (it never rejects) among what `onIdle` and `stop` wait for. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.handling.add(work);
    void work.finally(() => this.handling.delete(work));
    return work;
  }

  private handlerReady(): Promise<ComposedHandler> {
    if (!this.composed) return Promise.reject(new Error('the chat host is not started'));
    return this.composed;
  }

  private async handle(input: ChatInput): Promise<void> {
    try {
      const { handler } = await this.handlerReady();
      await handler.handle(input);
    } catch (error) {
      log.error({ messageId: input.messageId, error: String(error) }, 'message handling failed');
    }
  }

  /** The handler's `send`: hand the reply to the message it answers, if it is waited for, else queue it. */
  private send(reply: ChatReply): void {
    const flight = this.context.getStore();
    const door = this.doorOf(reply.to);
    if (flight?.take && door && sameConversation(flight.to, reply.to)) {
      if (reply.content.kind === 'file') {
        flight.take(reply);
        return;
      }
      // A long text: its first part answers in the request, the rest follows through the queue, in order.
      const [first = '', ...rest] = splitText(reply.content.text, door.transport.sendLimits.maxChars);
      flight.take({ to: reply.to, content: { kind: 'text', text: first } });
      for (const text of rest) door.queue.push({ to: reply.to, content: { kind: 'text', text } });
      return;
    }
    if (!door) {
      log.warn(
        { door: reply.to.door ?? 'none', kind: reply.content.kind },
        'no such door running: reply dropped',
      );
      return;
    }
    door.queue.push(reply);
  }

  private doorOf(to: ChatAddress) {
    if (to.door) return this.doors.get(to.door);
    return this.doors.size === 1 ? [...this.doors.values()][0] : undefined;
  }

  private reachable(to: ChatAddress): boolean {
    const door = this.doorOf(to);
    return this.running && door !== undefined && (door.transport.canSend?.() ?? true);
  }
}

function sameConversation(a: ChatAddress, b: ChatAddress): boolean {
  return a.door === b.door && a.userId === b.userId && a.roomId === b.roomId;
}
