/**
 * A door for tests: records what the host delivers, hands messages to the host on demand, can fail its sends.
 */
import type { ChatTransport, SendLimits, TransportHost } from '../../src/chat/transports/transport.js';
import type { ChatReply } from '../../src/chat/types.js';
import type { ChatDoor } from '../../src/config/chat-ids.js';

export class FakeTransport implements ChatTransport {
  readonly sendLimits: SendLimits;
  readonly delivered: ChatReply[] = [];
  /** Every call of `deliver`, failed ones too. */
  attempts = 0;
  /** While true, `deliver` rejects. */
  failing = false;
  /** What `canSend` says (a door not logged in says false). */
  sendable = true;
  host: TransportHost | undefined;
  stopped = false;

  constructor(
    readonly door: ChatDoor,
    limits: Partial<SendLimits> = {},
  ) {
    this.sendLimits = { intervalMs: 0, maxChars: 1800, retries: 0, ...limits };
  }

  async start(host: TransportHost): Promise<void> {
    this.host = host;
  }

  async deliver(reply: ChatReply): Promise<void> {
    this.attempts++;
    if (this.failing) throw new Error('platform down');
    this.delivered.push(reply);
  }

  canSend(): boolean {
    return this.sendable;
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  /** The texts delivered, in order. */
  texts(): string[] {
    return this.delivered.flatMap((r) => (r.content.kind === 'text' ? [r.content.text] : []));
  }
}
