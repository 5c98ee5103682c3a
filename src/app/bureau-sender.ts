/**
 * Sends the outbox's leads to the bureau (`POST /api/v1/leads` with the enterprise's token), one at a time, each
 * with retries and backoff (p-retry) while the bureau cannot be reached or answers 5xx / 429. An acknowledged
 * lead (201, or 200 when the bureau already had it) is marked sent; a lead the bureau refuses (400, 413, 415)
 * is kept aside as refused; a 409 (the bureau holds other content under the same id) is kept as a conflict; a
 * 401 means the token is wrong, so sending stops until the settings are fixed and every lead stays queued.
 * Then the withdrawals owed (`POST /api/v1/leads/{id}/withdraw`): acknowledged (200) or refused for good (404:
 * the bureau does not know the lead) likewise. Then the self-check summaries waiting (`POST /api/v1/self-checks`,
 * one per month: acknowledged by 200 / 201, refused for good by a 4xx). While the bureau is down everything waits
 * in the outbox. Each thing is claimed before it is posted (store/outbox.ts `claimDelivery`), one at a time, so
 * that of several instances on one database exactly one sends it; what is not sent is given back at once.
 */
import pRetry, { AbortError } from 'p-retry';
import type { LeadReport } from '../domain/lead.js';
import { maskId } from '../domain/mask.js';
import type { Outbox, OutboxDelivery } from '../store/outbox.js';
import { logger } from '../util/logger.js';

const log = logger('bureau-outbox');

export interface BureauSenderOptions {
  /** The bureau's address (`bureau.url`). */
  url: string;
  token: string;
  outbox: Outbox;
  /** Retries of one lead within a round (default 4). */
  retries?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** One request's time limit (default 10 s). */
  requestTimeoutMs?: number;
  /** Pause between rounds while leads wait (default 30 s). */
  roundEveryMs?: number;
  now?: () => Date;
}

/** What a round did. */
export interface SendRound {
  sent: number;
  refused: number;
  /** Still waiting, leads and withdrawals (the bureau could not be reached, or the round was stopped). */
  left: number;
}

/** The bureau refused a lead for good. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One thing to post and what its answer means for the outbox. */
interface Delivery {
  claimed: OutboxDelivery;
  url: string;
  body: object;
  /** What the logs say it is about (no full ID number). */
  about: Record<string, unknown>;
  delivered(): Promise<void>;
  /** The bureau refused it for good: kept aside with the answer (and logged). */
  refused(status: number, reason: string): Promise<void>;
}

/** The bureau's reason in its JSON answer, else the status. */
async function reasonOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => undefined)) as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
}

/** The sender of one outbox. `start` runs rounds in the background; `stop` ends with one short last round. */
export class BureauSender {
  private readonly endpoint: string;
  private readonly selfChecksEndpoint: string;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<SendRound> | undefined;
  /** The round after the one running. */
  private nextRound: Promise<SendRound> | undefined;
  private readonly stopped = new AbortController();
  private active = false;
  /** Counts `schedule` calls: only the latest decides the next round. */
  private turns = 0;
  /** Set by a 401: the token is wrong, nothing more is sent by this process. */
  private unauthorized: string | undefined;

  constructor(private readonly options: BureauSenderOptions) {
    const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
    this.endpoint = new URL('api/v1/leads', base).toString();
    this.selfChecksEndpoint = new URL('api/v1/self-checks', base).toString();
  }

  /**
   * Send everything waiting now. While a round runs (it may have looked before the caller's lead was queued),
   * one more round follows it, shared by every caller meanwhile. Stops early at `signal`.
   */
  sendWaiting(signal?: AbortSignal): Promise<SendRound> {
    if (!this.round) {
      this.round = this.runRound(signal).finally(() => {
        this.round = undefined;
      });
      return this.round;
    }
    this.nextRound ??= this.round
      .catch(() => undefined)
      .then(() => {
        this.nextRound = undefined;
        return this.sendWaiting(signal);
      });
    return this.nextRound;
  }

  /** Run a round now and then every `roundEveryMs` while leads wait; `wake` starts one sooner. */
  start(): void {
    this.active = true;
    this.schedule(0);
  }

  /** Something was queued (a lead, a withdrawal, a summary): send it soon (when started). */
  wake(): void {
    if (this.active) this.schedule(0);
  }

  /** Stop the rounds; one last round may run for at most `deadlineMs` (what it does not send stays queued). */
  async stop(deadlineMs: number): Promise<SendRound> {
    this.active = false;
    clearTimeout(this.timer);
    this.stopped.abort();
    await this.round?.catch(() => {});
    return deadlineMs > 0 ? this.sendWaiting(AbortSignal.timeout(deadlineMs)) : this.counts(0, 0);
  }

  /** What an operator should be told: leads still waiting or refused, in Chinese; undefined when none. */
  async notice(): Promise<string | undefined> {
    const { outbox } = this.options;
    const [leads, withdrawals, waitingSummaries, summariesRefused, refused, conflicts] = await Promise.all([
      outbox.waiting(),
      outbox.withdrawalsOwed(),
      outbox.summariesWaiting(),
      outbox.summariesRefused(),
      outbox.refused(),
      outbox.conflicts(),
    ]);
    const waiting = leads.length + withdrawals.length;
    const summaries = waitingSummaries.length;
    const parts: string[] = [];
    if (this.unauthorized)
      parts.push(`应急管理局拒绝了本企业的令牌（${this.unauthorized}），请核对 bureau.token`);
    if (waiting > 0) parts.push(`${waiting} 条线索尚未送达应急管理局，已保存在发件箱中，下次运行时继续发送`);
    if (summaries > 0)
      parts.push(`${summaries} 个月的自查情况尚未送达应急管理局，已保存在发件箱中，下次运行时继续发送`);
    if (summariesRefused.length > 0)
      parts.push(
        `${summariesRefused.map((e) => e.report.month).join('、')} 的自查情况被应急管理局退回（${summariesRefused[0]?.refusal?.reason}）`,
      );
    if (refused.length > 0) {
      const [first] = refused;
      parts.push(`${refused.length} 条线索被应急管理局退回（例如：${first?.reason}），已保留在发件箱中`);
    }
    if (conflicts.length > 0) {
      const [first] = conflicts;
      parts.push(
        `${conflicts.length} 条线索与应急管理局已有的同编号线索内容不同（例如：${first?.reason}），未被接收，已保留在发件箱中，请用“导出 线索清单”查看`,
      );
    }
    return parts.length > 0 ? parts.join('；') : undefined;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    const turn = ++this.turns;
    this.timer = setTimeout(async () => {
      const result = await this.sendWaiting(this.stopped.signal).catch((error) => {
        log.error({ err: error }, 'outbox round failed');
        return undefined;
      });
      // Scheduled again meanwhile (woken): that turn decides what follows.
      if (turn !== this.turns) return;
      // Idle once nothing waits (until `wake`), and for good after a 401.
      const again = this.active && !this.unauthorized && (result === undefined || result.left > 0);
      // A round that made progress goes on at once (leads queued meanwhile); one that could not waits (also
      // while another instance holds what is left).
      if (again) this.schedule(result && result.sent > 0 ? 0 : (this.options.roundEveryMs ?? 30_000));
    }, delayMs);
    this.timer.unref();
  }

  private async counts(sent: number, refused: number): Promise<SendRound> {
    return { sent, refused, left: await this.options.outbox.left() };
  }

  /** The next thing claimed for the bureau (leads, then withdrawals owed, then summaries), or undefined. */
  private async nextDelivery(): Promise<Delivery | undefined> {
    const { outbox } = this.options;
    const claimed = await outbox.claimDelivery();
    if (!claimed) return undefined;
    const leadAbout = (lead: LeadReport) => ({ lead: lead.id, id: maskId(lead.idNumber) });
    switch (claimed.kind) {
      case 'lead': {
        const { lead } = claimed;
        return {
          claimed,
          url: this.endpoint,
          body: lead,
          about: leadAbout(lead),
          delivered: () => outbox.ack(lead.id),
          refused: async (status, reason) => {
            const about = { ...leadAbout(lead), status, reason };
            if (status === 409) {
              await outbox.conflict(lead.id, reason, this.now());
              log.error(about, '应急管理局已有同编号而内容不同的线索，此线索未被接收，保留在发件箱中');
            } else {
              await outbox.refuse(lead.id, status, reason, this.now());
              log.error(about, '应急管理局退回了一条线索');
            }
          },
        };
      }
      case 'withdrawal': {
        const { lead, withdrawal } = claimed.entry;
        return {
          claimed,
          url: `${this.endpoint}/${encodeURIComponent(lead.id)}/withdraw`,
          body: { reason: withdrawal?.reason, withdrawnAt: withdrawal?.at },
          about: leadAbout(lead),
          delivered: () => outbox.withdrawalDelivered(lead.id),
          refused: async (status, reason) => {
            await outbox.withdrawalRefused(lead.id, status, reason, this.now());
            log.error({ ...leadAbout(lead), status, reason }, '应急管理局未接受一条线索的撤回');
          },
        };
      }
      case 'summary': {
        const { report } = claimed;
        return {
          claimed,
          url: this.selfChecksEndpoint,
          body: report,
          about: { month: report.month },
          delivered: () => outbox.summaryDelivered(report.month, report.at),
          refused: async (status, reason) => {
            await outbox.summaryRefused(report.month, report.at, status, reason, this.now());
            log.error({ month: report.month, status, reason }, '应急管理局退回了本月自查情况');
          },
        };
      }
      default:
        return claimed satisfies never;
    }
  }

  private async runRound(signal?: AbortSignal): Promise<SendRound> {
    const { outbox } = this.options;
    let sent = 0;
    let refused = 0;
    while (!signal?.aborted && !this.unauthorized) {
      const delivery = await this.nextDelivery();
      if (!delivery) break;
      try {
        await this.post(delivery.url, delivery.body, signal);
        await delivery.delivered();
        sent++;
      } catch (error) {
        if (error instanceof Refusal && error.status === 401) {
          await outbox.unclaim(delivery.claimed);
          this.unauthorized = error.message;
          log.error({ status: 401, reason: error.message }, '应急管理局拒绝了令牌，线索保留在发件箱中');
          break;
        }
        if (error instanceof Refusal) {
          refused++;
          await delivery.refused(error.status, error.message);
          continue;
        }
        // Unreachable after the retries (or stopped): the rest waits for the next round.
        await outbox.unclaim(delivery.claimed);
        log.warn({ ...delivery.about, err: error }, '应急管理局暂时无法访问，未送达的留在发件箱中');
        break;
      }
    }
    const round = await this.counts(sent, refused);
    if (sent > 0) log.info({ sent, left: round.left }, '已送达应急管理局');
    return round;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Post `body` to `url` until the bureau acknowledges it (resolves) or refuses it (Refusal) or retries run out. */
  private post(url: string, body: object, signal?: AbortSignal): Promise<void> {
    const o = this.options;
    return pRetry(
      async () => {
        const timeout = AbortSignal.timeout(o.requestTimeoutMs ?? 10_000);
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
          body: JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        if (res.status === 200 || res.status === 201) {
          await res.body?.cancel();
          return;
        }
        const reason = await reasonOf(res);
        if (res.status >= 500 || res.status === 429 || res.status === 408) {
          throw new Error(`bureau answered ${res.status}: ${reason}`);
        }
        throw new AbortError(new Refusal(res.status, reason));
      },
      {
        retries: o.retries ?? 4,
        minTimeout: o.minDelayMs ?? 1_000,
        maxTimeout: o.maxDelayMs ?? 30_000,
        randomize: true,
        signal,
        shouldRetry: () => !signal?.aborted,
      },
    );
  }
}
