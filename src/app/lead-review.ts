/**
 * The re-check of held leads (待复核): once a `fake_certificate` lead's day has come (see lead-outbox.ts), the
 * person is looked up again — same ID, name, item and kind — at background priority through the pipeline,
 * asking the platform even over a fresh empty answer in the cache, and recording no finding or lead for the
 * re-check itself. Found now → the lead is withdrawn (已撤回, never sent) and the asker is owed a notice ("已查到，
 * 先前未查到可能是新证尚未上网" and the new answer), kept in the outbox until delivered; still not found → released
 * to the bureau (已上报); a lookup failure → still pending, asked again on a later round (never released on a
 * failure). The bot runs it from the host's timer; `cert-verify leads review` runs it for CLI-only users.
 * Each lead due is claimed before it is asked (store/outbox.ts `claimDue`) and its outcome recorded only while the
 * claim is still this instance's, so of several instances on one database one re-checks it; so is each notice.
 */
import { leadWithdrawnText } from '../chat/core/replies.js';
import type { ChatAddress, ChatSend } from '../chat/types.js';
import { CHAT_DOORS } from '../config/chat-ids.js';
import { queryFromIdCheck, validateIdNumber } from '../domain/id-number.js';
import { maskId } from '../domain/mask.js';
import type { Requester } from '../domain/query.js';
import type { LeadEntry, Outbox } from '../store/outbox.js';
import { logger } from '../util/logger.js';
import { certificateFound } from '../verify/lead-from-finding.js';
import type { Pipeline } from '../verify/pipeline.js';
import type { BureauSender } from './bureau-sender.js';

const log = logger('lead-review');

/** Why a lead withdrawn by its re-check is withdrawn. */
export const RECHECK_FOUND_REASON = '复核时已在全国平台查到该人员的证书，先前未查到可能是新证尚未上网';

export interface LeadReviewDeps {
  outbox: Outbox;
  pipeline: Pick<Pipeline, 'verify'>;
  /** Today, China `YYYY-MM-DD` (config `today` when set). */
  today: () => string;
  now?: () => Date;
  /** Woken when a lead is released. */
  sender?: BureauSender;
}

/** What one review round did with the leads due. */
export interface LeadReviewRound {
  /** Found on the platform now: withdrawn, never sent. */
  withdrawn: LeadEntry[];
  /** Still not found: released to the bureau. */
  released: LeadEntry[];
  /** The platform could not answer: still pending. */
  kept: LeadEntry[];
}

/** Re-check every held lead that is due today; stops between leads at `signal`. */
export async function reviewDueLeads(deps: LeadReviewDeps, signal?: AbortSignal): Promise<LeadReviewRound> {
  const round: LeadReviewRound = { withdrawn: [], released: [], kept: [] };
  const today = deps.today();
  const seen: string[] = [];
  while (!signal?.aborted) {
    const entry = await deps.outbox.claimDue(today, seen);
    if (!entry) break;
    seen.push(entry.lead.id);
    const { lead, recheck } = entry;
    const requester: Requester = recheck?.requester ?? { channel: 'cli' };
    const query = queryFromIdCheck(validateIdNumber(lead.idNumber, today), {
      ...(lead.name !== undefined && { name: lead.name }),
      ...(lead.item !== undefined && { item: lead.item }),
      ...(recheck?.personType !== undefined && { personType: recheck.personType }),
    });
    const verdict = await deps.pipeline
      .verify(query, { requester, today, priority: 'background', recheck: true })
      .catch(async (error: unknown) => {
        await deps.outbox.unclaimLead(lead.id);
        throw error;
      });
    const about = { lead: lead.id, id: maskId(lead.idNumber), status: verdict.status };
    if (verdict.status === 'unverifiable') {
      log.warn(about, '复核时全国平台无法访问，线索继续待复核');
      await deps.outbox.unclaimLead(lead.id);
      round.kept.push(entry);
    } else if (certificateFound(verdict)) {
      const masked = requester.room !== undefined || requester.roomId !== undefined;
      const text = leadWithdrawnText(verdict, { maskIds: masked });
      await deps.outbox.withdrawDue(lead.id, RECHECK_FOUND_REASON, deps.now?.() ?? new Date(), {
        requester,
        text,
      });
      log.info(about, '复核已查到证书，线索已撤回');
      round.withdrawn.push(entry);
    } else {
      await deps.outbox.release(lead.id);
      log.info(about, '复核仍未查到，线索已上报');
      round.released.push(entry);
    }
  }
  if (round.released.length > 0) deps.sender?.wake();
  return round;
}

/** The chat address of a chat requester (door, user, room), or undefined for a CLI or batch asker. */
export function askerAddress(requester: Requester): ChatAddress | undefined {
  if (requester.channel !== 'chat' || requester.userId === undefined) return undefined;
  const to: ChatAddress = { userId: requester.userId };
  if (requester.userName !== undefined) to.userName = requester.userName;
  const door = CHAT_DOORS.find((d) => d === requester.door);
  if (door) to.door = door;
  if (requester.roomId !== undefined) {
    to.roomId = requester.roomId;
    if (requester.room !== undefined) to.roomTopic = requester.room;
  }
  return to;
}

/**
 * Tell chat askers of their withdrawn leads through `send`, each once its door can send (`reachable`); a
 * notice stays owed in the outbox until then. A notice with no chat to go to (asked at the command line) is
 * left for `cert-verify leads review` to print. Resolves with how many were sent.
 */
export async function deliverLeadNotices(
  outbox: Outbox,
  send: ChatSend,
  reachable: (to: ChatAddress) => boolean,
): Promise<number> {
  let sent = 0;
  const seen: string[] = [];
  for (let entry = await outbox.claimNotice(); entry; entry = await outbox.claimNotice(seen)) {
    seen.push(entry.lead.id);
    const notice = entry.withdrawal?.notice;
    const to = notice && askerAddress(notice.requester);
    if (!notice || !to || !reachable(to)) {
      await outbox.unclaimLead(entry.lead.id);
      continue;
    }
    send({ to, content: { kind: 'text', text: notice.text } });
    await outbox.notified(entry.lead.id);
    sent++;
  }
  return sent;
}

/** The host's timer work for leads: one review round at a time, then the notices owed. */
export class LeadReviewTicker {
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly review: (signal: AbortSignal) => Promise<LeadReviewRound>,
    private readonly outbox: Outbox,
    private readonly send: ChatSend,
    private readonly reachable: (to: ChatAddress) => boolean,
  ) {}

  /** Re-check what is due and tell the askers (joining a round already running). Never rejects. */
  tick(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stop before the next lead and wait for the round, at most `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.running, grace]);
    clearTimeout(timer);
  }

  private async round(): Promise<void> {
    try {
      await this.review(this.abort.signal);
      await deliverLeadNotices(this.outbox, this.send, this.reachable);
    } catch (error) {
      log.error({ error: String(error) }, 'lead review failed');
    }
  }
}
