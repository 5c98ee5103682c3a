/**
 * A door to the bot (console, Wechaty, WeCom robot, service account): it only translates. Incoming platform
 * messages become `ChatInput` for the host; the host's replies come back through `deliver`. Chat logic, send
 * queues, retries and routing live in the host, never in a transport.
 */
import type { ChatDoor } from '../../config/chat-ids.js';
import type { SqlDb } from '../../sql/db.js';
import type { ChatInput, ChatReply } from '../types.js';

/** How the host's send queue for one door spaces, splits and retries its messages. */
export interface SendLimits {
  /** Pause after each send before the next starts. */
  intervalMs: number;
  /** Longer texts are split at line boundaries under this many characters. */
  maxChars: number;
  /** A failed send is tried again this many times, then dropped (and logged). */
  retries: number;
}

/** What a transport may ask of the host. */
export interface TransportHost {
  /**
   * Hand one message to the bot. Never rejects. Without `firstReplyWithinMs` it resolves with `[]` once the
   * handler has finished with the message; every reply goes through the door's send queue and `deliver`.
   * With it, it resolves as soon as one of these comes first: the handler's first reply to the message's own
   * conversation (same door, user and room) → `[reply]`, taken out of the queue for the door to answer inside
   * its own request (a long text: its first part; the rest is queued); the deadline → `[]`; the handler done
   * without such a reply → `[]`. A reply is either returned or queued, never both; every other reply is queued.
   */
  receive(input: ChatInput, options?: { firstReplyWithinMs?: number }): Promise<ChatReply[]>;
  /** Optional to call: the door can send now (e.g. just logged in); the host asks the pending queries again. */
  ready?(): void;
  /**
   * The bot's database (the store's), which every instance of the bot shares: where a door keeps what the
   * instances must agree on (the WeCom robot's lease, the service account's messages taken). Absent in tests of
   * a door alone; undefined when the handler has none.
   */
  database?(): Promise<SqlDb | undefined>;
}

/** One door. Every `ChatAddress` it produces carries its `door`. */
export interface ChatTransport {
  readonly door: ChatDoor;
  readonly sendLimits: SendLimits;
  /** Start receiving; every message goes to `host.receive`. */
  start(host: TransportHost): Promise<void>;
  /** Send one reply through the door's API; rejects when it failed (the host's queue retries). */
  deliver(reply: ChatReply): Promise<void>;
  /**
   * Optional: whether the door can send right now (e.g. logged in). Queued answers on disk wait while it is
   * false instead of being sent into a door that would drop them. Absent: always.
   */
  canSend?(): boolean;
  /** Stop receiving and release connections. */
  stop(): Promise<void>;
}
