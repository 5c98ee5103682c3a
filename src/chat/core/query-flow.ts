/**
 * Answering the ID numbers of a message: fill names the asker may see (disclosure.ts), ask for missing ones,
 * apply the hourly limit, verify (the pipeline writes the audit log), count and queue what could not be verified,
 * then reply once for the whole message. A wrong name costs two lookups of the hourly budget, so names cannot be
 * tried one after another.
 */
import type { ParsedQuery } from '../../domain/query.js';
import type { Verdict } from '../../domain/verdict.js';
import { withDisclosedName } from '../../verify/known-name.js';
import { type ChatSend, textReply } from '../types.js';
import type { PendingAnswers } from './pending-answers.js';
import type { PendingNames } from './pending-names.js';
import type { QueryRateLimit } from './rate-limit.js';
import { askNameText, nameStillNeededText, rateLimitedText, verdictsReply } from './replies.js';
import type { ChatServices } from './services.js';
import type { Turn } from './turn.js';
import type { VerdictCounter } from './verdict-counter.js';

export interface QueryFlowDeps {
  services: Pick<ChatServices, 'pipeline' | 'store' | 'now' | 'today'>;
  send: ChatSend;
  limit: QueryRateLimit;
  names: PendingNames;
  pending: PendingAnswers;
  counter: VerdictCounter;
}

export class QueryFlow {
  constructor(private readonly deps: QueryFlowDeps) {}

  /** Answer the queries of one message; `notice` says what the parser could not take. */
  async ask(turn: Turn, queries: ParsedQuery[], notice?: string): Promise<void> {
    const { services, limit, names } = this.deps;
    const now = services.now().getTime();
    const ready: ParsedQuery[] = [];
    const needName: ParsedQuery[] = [];
    for (const q of queries) {
      const named = await withDisclosedName(q, services.pipeline, turn.audience);
      if (!named.valid || named.name) ready.push(named);
      else needName.push(named);
    }
    if (needName.length > 0) names.set(turn.conversationKey, needName, now);

    const lookups = ready.filter((q) => q.valid).length;
    const decision = limit.take(turn.to, lookups, now);
    let budget = decision.allowed;
    const toVerify = ready.filter((q) => !q.valid || budget-- > 0);

    const ctx = { requester: turn.requester, today: services.today() };
    const verdicts = await Promise.all(toVerify.map((q) => services.pipeline.verify(q, ctx)));
    for (const v of verdicts) if (v.status === 'name_mismatch') limit.take(turn.to, 1, now);
    // Queued on disk before the reply promises a later answer: a crash in between must not break the promise.
    await this.recordVerdicts(turn, verdicts);

    const parts: string[] = [];
    if (verdicts.length > 0) parts.push(verdictsReply(verdicts, turn.style));
    if (decision.retryAt !== undefined) {
      parts.push(
        rateLimitedText(lookups - decision.allowed, limit.limitOf(turn.to), new Date(decision.retryAt)),
      );
    }
    const [first] = needName;
    if (first) {
      const more =
        needName.length > 1 ? `\n（另有 ${needName.length - 1} 个证件号待补充姓名，将逐个询问）` : '';
      parts.push(askNameText(first, turn.style) + more);
    }
    if (notice) parts.push(notice);
    if (parts.length > 0) this.deps.send(textReply(turn.to, parts.join('\n\n')));
  }

  /** Complete the queries waiting for a name with `name`; false when none was waiting. */
  async completeName(turn: Turn, name: string): Promise<boolean> {
    const waiting = this.deps.names.take(turn.conversationKey, this.deps.services.now().getTime());
    const [first, ...rest] = waiting ?? [];
    if (!first) return false;
    await this.ask(turn, [{ ...first, name }, ...rest]);
    return true;
  }

  /**
   * Answer a message that is neither a name nor a number while a query waits for a name ("不知道"): say that the
   * holder's name is needed and keep the query waiting. False when nothing waits.
   */
  askNameAgain(turn: Turn): boolean {
    const waiting = this.deps.names.peek(turn.conversationKey, this.deps.services.now().getTime());
    if (!waiting) return false;
    this.deps.send(textReply(turn.to, nameStillNeededText(waiting, turn.style)));
    return true;
  }

  /**
   * Count the verdicts given in this turn and queue the unverifiable ones for a later answer (the reply promises
   * one): shared by every flow that verifies (text, photos).
   */
  async recordVerdicts(turn: Turn, verdicts: Verdict[]): Promise<void> {
    const { pending, counter } = this.deps;
    const queued = verdicts
      .filter((v) => v.status === 'unverifiable' && v.query.valid)
      .map((v) =>
        pending.add({
          query: v.query,
          requester: turn.requester,
          to: turn.to,
          maskIds: turn.style.maskIds,
          scopeKey: turn.scopeKey,
        }),
      );
    const counted = verdicts.filter((v) => v.status !== 'unverifiable').map((v) => v.status);
    await Promise.all([...queued, counter.record(turn.scopeKey, counted)]);
  }
}
