/**
 * The photo flow: a picture of a certificate (by its bytes, whatever its name) is read, its card's query checked
 * and verified, its QR host judged and its fields compared (verify/photo-check.ts), and answered in one reply.
 * A photo costs one lookup of the sender's hourly budget like a query; a slow read says "正在识别图片…". A card
 * whose number cannot be used, or whose name was read doubtfully, waits a short while for the sender to type the
 * number or the name, and the next such message completes the check of the same photo.
 */
import type { ParsedQuery } from '../../domain/query.js';
import { assertNever } from '../../domain/status.js';
import type { PhotoReading } from '../../photo/types.js';
import type { PhotoOutcome } from '../../verify/photo-check.js';
import { type ChatFile, type ChatSend, textReply } from '../types.js';
import {
  photoCheckedReply,
  photoConfirmNameText,
  photoNeedIdText,
  photoReadingText,
  photoUnreadableText,
} from './photo-replies.js';
import type { QueryFlow } from './query-flow.js';
import type { QueryRateLimit } from './rate-limit.js';
import { rateLimitedText } from './replies.js';
import type { ChatServices } from './services.js';
import type { Turn } from './turn.js';

/** A photo waiting for the sender's typed number or name. */
interface Waiting {
  reading: PhotoReading;
  bytes: Buffer;
  /** `id`: the number is asked for; `name`: the name, for `query`. */
  wants: 'id' | 'name';
  query?: ParsedQuery;
  until: number;
}

export interface PhotoFlowDeps {
  services: Pick<ChatServices, 'photos' | 'now' | 'today'>;
  send: ChatSend;
  limit: QueryRateLimit;
  queries: Pick<QueryFlow, 'recordVerdicts'>;
  /** How long a photo waits for a typed number or name. */
  waitMs: number;
  /** Say "正在识别图片…" when reading takes longer than this. */
  progressAfterMs: number;
}

export class PhotoFlow {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly deps: PhotoFlowDeps) {}

  /** Check one picture sent in `turn`. */
  async receive(turn: Turn, file: ChatFile): Promise<void> {
    if (!this.take(turn)) return;
    const progress = setTimeout(() => this.say(turn, photoReadingText()), this.deps.progressAfterMs);
    let reading: PhotoReading;
    try {
      reading = await this.deps.services.photos.read(file.bytes);
    } finally {
      clearTimeout(progress);
    }
    await this.answer(turn, reading, file.bytes);
  }

  /** Whether a photo of this conversation waits for a typed number. */
  waitsForId(turn: Turn): boolean {
    return this.peek(turn)?.wants === 'id';
  }

  /** Complete the waiting photo with a typed number; false when none waits for one. */
  async completeId(turn: Turn, query: ParsedQuery): Promise<boolean> {
    const waiting = this.peek(turn);
    if (waiting?.wants !== 'id') return false;
    this.waiting.delete(turn.conversationKey);
    if (this.take(turn)) await this.answer(turn, waiting.reading, waiting.bytes, query);
    return true;
  }

  /** Complete the waiting photo with a typed name; false when none waits for one. */
  async completeName(turn: Turn, name: string): Promise<boolean> {
    const waiting = this.peek(turn);
    if (waiting?.wants !== 'name' || !waiting.query) return false;
    this.waiting.delete(turn.conversationKey);
    if (this.take(turn)) await this.answer(turn, waiting.reading, waiting.bytes, { ...waiting.query, name });
    return true;
  }

  private peek(turn: Turn): Waiting | undefined {
    const waiting = this.waiting.get(turn.conversationKey);
    if (waiting && waiting.until < this.deps.services.now().getTime()) {
      this.waiting.delete(turn.conversationKey);
      return undefined;
    }
    return waiting;
  }

  /** Take one lookup of the hourly budget; false (and said why) when it is spent. */
  private take(turn: Turn): boolean {
    const { limit } = this.deps;
    const decision = limit.take(turn.to, 1, this.deps.services.now().getTime());
    if (decision.retryAt === undefined) return true;
    this.say(turn, rateLimitedText(1, limit.limitOf(turn.to), new Date(decision.retryAt)));
    return false;
  }

  private async answer(turn: Turn, reading: PhotoReading, bytes: Buffer, typed?: ParsedQuery): Promise<void> {
    const { services } = this.deps;
    const ctx = { requester: turn.requester, today: services.today() };
    const outcome: PhotoOutcome = await services.photos.judge(reading, ctx, typed, bytes);
    const until = services.now().getTime() + this.deps.waitMs;
    switch (outcome.kind) {
      case 'unreadable':
        return this.say(turn, photoUnreadableText(outcome.reading));
      case 'need_id':
        this.wait(turn, { reading, bytes, wants: 'id', until });
        return this.say(turn, photoNeedIdText(outcome, turn.style));
      case 'confirm_name':
        this.wait(turn, {
          reading,
          bytes,
          wants: 'name',
          query: outcome.query,
          until,
        });
        return this.say(turn, photoConfirmNameText(outcome, turn.style));
      case 'checked':
        await this.deps.queries.recordVerdicts(turn, [outcome.verdict]);
        return this.say(turn, photoCheckedReply(outcome, turn.style));
      default:
        return assertNever(outcome);
    }
  }

  /** Keep a photo waiting for `turn`'s conversation, dropping the ones that waited too long (they hold images). */
  private wait(turn: Turn, waiting: Waiting): void {
    const now = this.deps.services.now().getTime();
    for (const [key, old] of this.waiting) if (old.until < now) this.waiting.delete(key);
    this.waiting.set(turn.conversationKey, waiting);
  }

  private say(turn: Turn, text: string): void {
    this.deps.send(textReply(turn.to, text));
  }
}
