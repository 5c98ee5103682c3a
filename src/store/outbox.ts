/**
 * The lead outbox in the bot's database (tables `outbox_leads`, `outbox_summaries`, migration 004_outbox_jobs):
 * every lead and where it stands, so nothing is lost while the bureau is down or the bot restarts:
 *
 * - pending (待复核): a `fake_certificate` lead held until its re-check is due (new certificates take days to
 *   appear on the platform); then released to the bureau, or withdrawn when the re-check finds a certificate;
 * - waiting: released (or queued at once: a photo's lead, an impersonation) and not yet acknowledged;
 * - sent: the bureau acknowledged it;
 * - refused / conflict: the bureau refused it for good, or holds different content under the same id (409):
 *   kept with the answer, for the operator to see, never dropped;
 * - withdrawn (已撤回): a certificate was found for the person. A lead withdrawn after it was sent owes the
 *   bureau a withdrawal until the bureau acknowledges it; a withdrawal found by a re-check owes the asker a
 *   notice until it is delivered.
 *
 * The finding id is the key: queuing it again changes nothing, and the bureau takes a resend as the same lead.
 * Beside the leads, the enterprise's self-check summary of each month (people checked, problems found, counted
 * at `at`): one per month, replaced by a later count with other numbers (never added to), waiting until the
 * bureau acknowledges the count it holds now; an acknowledgement of an older count leaves the newer one waiting.
 *
 * Several instances share one database: nothing is kept in memory, every read goes to the database. The work —
 * sending a lead, a withdrawal or a summary, re-checking a held lead, telling an asker of a withdrawal — is
 * claimed by one instance at a time (sql/claims.ts): `claimDelivery`, `claimDue` and `claimNotice` lease a row to
 * this outbox's holder, and its outcome (`ack`, `refuse`, `conflict`, `withdrawalDelivered`, …, `release`,
 * `withdrawDue`, `notified`) is recorded only while the lease is still this holder's or nobody's, clearing it;
 * `unclaim…` gives a row back undone. A lead found meanwhile (`withdraw`) is withdrawn whoever holds it.
 */
import type { PersonType } from '../domain/certificate.js';
import type { LeadReport } from '../domain/lead.js';
import type { Requester } from '../domain/query.js';
import type { SelfCheckReport } from '../domain/self-check.js';
import type { SqlDb, SqlRunner } from '../sql/db.js';
import {
  type Claimer,
  type ClaimTable,
  claimRows,
  instanceId,
  releaseClaim,
  settleClaim,
} from './sql/claims.js';

/** A lead the bureau refused for good, with its answer. */
export interface RefusedLead {
  lead: LeadReport;
  /** HTTP status of the refusal. */
  status: number;
  /** The bureau's reason (Chinese). */
  reason: string;
  at: string;
}

/** Where a lead stands (see the file comment). */
export type LeadState = 'pending' | 'waiting' | 'sent' | 'refused' | 'conflict' | 'withdrawn';

/** What a held lead's re-check asks again (the lead's ID, name and item) and who is told when it is found. */
export interface LeadRecheck {
  personType?: PersonType;
  requester: Requester;
}

/** A withdrawal: why, when, and what is still owed (to the bureau, to the asker). */
export interface LeadWithdrawal {
  reason: string;
  at: string;
  /** The bureau has the lead and has not yet acknowledged its withdrawal. */
  owed: boolean;
  /** The bureau refused the withdrawal for good (e.g. 404: it does not know the lead). */
  refused?: { status: number; reason: string; at: string };
  /** What the asker is to be told, until delivered. */
  notice?: { requester: Requester; text: string; delivered: boolean };
}

/** One lead and where it stands. */
export interface LeadEntry {
  lead: LeadReport;
  state: LeadState;
  /** A pending lead's re-check day (China `YYYY-MM-DD`): from this day on it is asked again. */
  dueOn?: string;
  recheck?: LeadRecheck;
  /** The bureau acknowledged the lead (also true once withdrawn after that). */
  sent: boolean;
  /** Refused or conflict: the bureau's answer. */
  refusal?: { status: number; reason: string; at: string };
  withdrawal?: LeadWithdrawal;
}

/** A month's self-check summary and where it stands. */
export interface SummaryEntry {
  report: SelfCheckReport;
  /** The bureau acknowledged this count. */
  sent: boolean;
  /** The bureau refused this count for good, with its answer (a later count is sent again). */
  refusal?: { status: number; reason: string; at: string };
}

/** Something claimed for the bureau: a lead, a withdrawal owed, or a month's summary. */
export type OutboxDelivery =
  | { kind: 'lead'; lead: LeadReport }
  | { kind: 'withdrawal'; entry: LeadEntry }
  | { kind: 'summary'; report: SelfCheckReport };

export interface OutboxOptions {
  /** This instance's name on its claims (default: host, pid and a random part). */
  holder?: string;
  /** How long a claim holds before another instance may take the work over (default 10 minutes). */
  leaseMs?: number;
}

/** A claim outlives the longest piece of work: a post with its retries (minutes), a re-check at background pace. */
const DEFAULT_LEASE_MS = 10 * 60_000;

const LEADS: ClaimTable = { table: 'outbox_leads', key: 'id' };
const SUMMARIES: ClaimTable = { table: 'outbox_summaries', key: 'month' };

/** A row of outbox_leads. */
interface LeadRow {
  [column: string]: unknown;
  id: string;
  lead: LeadReport | null;
  state: LeadState;
  due_on: string | null;
  recheck: LeadRecheck | null;
  sent: boolean;
  refusal: LeadEntry['refusal'] | null;
  withdrawn_reason: string | null;
  withdrawn_at: string | null;
  withdrawal_owed: boolean;
  withdrawal_refusal: LeadWithdrawal['refused'] | null;
  notice: { requester: Requester; text: string } | null;
  notice_owed: boolean;
}

/** A row of outbox_summaries. */
interface SummaryRow {
  [column: string]: unknown;
  month: string;
  people: number;
  problems: number;
  at: string;
  sent: boolean;
  refusal: SummaryEntry['refusal'] | null;
}

/** The entry a row holds; undefined for an id kept without its lead. */
function entryOf(r: LeadRow): LeadEntry | undefined {
  if (!r.lead) return undefined;
  const entry: LeadEntry = { lead: r.lead, state: r.state, sent: r.sent };
  if (r.due_on !== null) entry.dueOn = r.due_on;
  if (r.recheck) entry.recheck = r.recheck;
  if (r.refusal) entry.refusal = r.refusal;
  if (r.withdrawn_at !== null) {
    const w: LeadWithdrawal = {
      reason: r.withdrawn_reason ?? '',
      at: r.withdrawn_at,
      owed: r.withdrawal_owed,
    };
    if (r.withdrawal_refusal) w.refused = r.withdrawal_refusal;
    if (r.notice) w.notice = { ...r.notice, delivered: !r.notice_owed };
    entry.withdrawal = w;
  }
  return entry;
}

function entriesOf(rows: LeadRow[]): LeadEntry[] {
  return rows.flatMap((r) => entryOf(r) ?? []);
}

function reportOf(r: SummaryRow): SelfCheckReport {
  return { month: r.month, people: r.people, problems: r.problems, at: r.at };
}

function summaryOfRow(r: SummaryRow): SummaryEntry {
  return { report: reportOf(r), sent: r.sent, ...(r.refusal && { refusal: r.refusal }) };
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Store `entry` as it stands unless its id is known; true when stored. */
export async function insertLeadEntry(db: SqlRunner, entry: LeadEntry): Promise<boolean> {
  const { lead, withdrawal: w } = entry;
  const rows = await db.query(
    `insert into outbox_leads (id, lead, kind, id_number, name, state, due_on, recheck, sent, refusal,
       withdrawn_reason, withdrawn_at, withdrawal_owed, withdrawal_refusal, notice, notice_owed)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     on conflict (id) do nothing returning id`,
    [
      lead.id,
      JSON.stringify(lead),
      lead.kind,
      lead.idNumber,
      lead.name ?? null,
      entry.state,
      entry.dueOn ?? null,
      json(entry.recheck),
      entry.sent,
      json(entry.refusal),
      w?.reason ?? null,
      w?.at ?? null,
      w?.owed ?? false,
      json(w?.refused),
      json(w?.notice && { requester: w.notice.requester, text: w.notice.text }),
      w?.notice?.delivered === false,
    ],
  );
  return rows.length > 0;
}

/** Keep `id` as a lead the bureau acknowledged whose content is gone (an old compacted file); true when new. */
export async function insertAckedId(db: SqlRunner, id: string): Promise<boolean> {
  const rows = await db.query(
    `insert into outbox_leads (id, state, sent) values ($1, 'sent', true) on conflict (id) do nothing returning id`,
    [id],
  );
  return rows.length > 0;
}

/** Store a month's summary as it stands unless the month is known; true when stored. */
export async function insertSummary(db: SqlRunner, entry: SummaryEntry): Promise<boolean> {
  const { month, people, problems, at } = entry.report;
  const rows = await db.query(
    `insert into outbox_summaries (month, people, problems, at, sent, refusal) values ($1, $2, $3, $4, $5, $6)
     on conflict (month) do nothing returning month`,
    [month, people, problems, at, entry.sent, json(entry.refusal)],
  );
  return rows.length > 0;
}

/** The outbox in the bot's database. */
export class Outbox {
  private readonly claimer: Claimer;

  constructor(
    private readonly db: SqlDb,
    options: OutboxOptions = {},
  ) {
    this.claimer = { holder: options.holder ?? instanceId(), leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS };
  }

  private async leads(where: string, params: readonly unknown[] = []): Promise<LeadEntry[]> {
    return entriesOf(
      await this.db.query<LeadRow>(`select * from outbox_leads where ${where} order by seq`, params),
    );
  }

  private async summaries(where: string): Promise<SummaryEntry[]> {
    const rows = await this.db.query<SummaryRow>(
      `select * from outbox_summaries where ${where} order by month`,
    );
    return rows.map(summaryOfRow);
  }

  /** Where every lead the outbox has seen stands, by id. */
  async states(): Promise<Map<string, LeadState>> {
    const rows = await this.db.query<{ id: string; state: LeadState }>('select id, state from outbox_leads');
    return new Map(rows.map((r) => [r.id, r.state]));
  }

  /** Queue `lead` for the bureau at once (nothing when its id is already known); true when queued. */
  add(lead: LeadReport): Promise<boolean> {
    return insertLeadEntry(this.db, { lead, state: 'waiting', sent: false });
  }

  /** Hold `lead` until `dueOn` (its re-check day) (nothing when its id is already known); true when held. */
  hold(lead: LeadReport, dueOn: string, recheck: LeadRecheck): Promise<boolean> {
    return insertLeadEntry(this.db, { lead, state: 'pending', dueOn, recheck, sent: false });
  }

  /** Pending leads whose re-check is due on `today`, oldest first. */
  due(today: string): Promise<LeadEntry[]> {
    return this.leads(`state = 'pending' and due_on <= $1`, [today]);
  }

  /** Claim the oldest pending lead due on `today` that is not in `skip` (those this round has seen already). */
  async claimDue(today: string, skip: readonly string[] = []): Promise<LeadEntry | undefined> {
    const rows = await claimRows<LeadRow>(this.db, LEADS, this.claimer, {
      where: `state = 'pending' and due_on <= $1 and not (id = any($2))`,
      params: [today, [...skip]],
      order: 'seq',
      limit: 1,
    });
    return entriesOf(rows)[0];
  }

  /** Run `change` on lead `id` while this outbox's claim on it holds (or nobody's does), then clear the claim. */
  private settleLead(id: string, change: string, params: readonly unknown[] = []): Promise<boolean> {
    return settleClaim(this.db, LEADS, id, this.claimer.holder, async (tx) => {
      const rows = await tx.query(`${change} returning id`, [id, ...params]);
      return rows.length > 0;
    });
  }

  /** A claimed pending lead's re-check still finds nothing: it goes to the bureau. */
  release(id: string): Promise<boolean> {
    return this.settleLead(
      id,
      `update outbox_leads set state = 'waiting' where id = $1 and state = 'pending'`,
    );
  }

  /** A claimed pending lead's re-check found a certificate: withdrawn (see `withdraw`), the asker owed `notice`. */
  withdrawDue(
    id: string,
    reason: string,
    at: Date,
    notice?: { requester: Requester; text: string },
  ): Promise<boolean> {
    return this.settleLead(id, WITHDRAW, [reason, at.toISOString(), json(notice)]);
  }

  /**
   * Withdraw lead `id` (a certificate was found for the person), whoever holds it: never sent if it was not yet;
   * owed to the bureau if it was. `notice` is what to tell the asker. False when unknown or already withdrawn.
   */
  async withdraw(
    id: string,
    reason: string,
    at: Date,
    notice?: { requester: Requester; text: string },
  ): Promise<boolean> {
    const rows = await this.db.query(`${WITHDRAW} returning id`, [
      id,
      reason,
      at.toISOString(),
      json(notice),
    ]);
    return rows.length > 0;
  }

  /**
   * The bureau has the lead (201 or 200). A lead withdrawn while it was on its way now owes the bureau its
   * withdrawal.
   */
  async ack(id: string): Promise<void> {
    await this.settleLead(
      id,
      `update outbox_leads set sent = true, withdrawal_owed = (state = 'withdrawn'),
         state = case when state = 'waiting' then 'sent' else state end
       where id = $1 and (state = 'waiting' or (state = 'withdrawn' and not sent))`,
    );
  }

  /** The bureau refused the lead for good: kept aside with the answer, not sent again. */
  async refuse(id: string, status: number, reason: string, at: Date): Promise<void> {
    await this.settleRefusal(id, 'refused', status, reason, at);
  }

  /** The bureau holds different content under this id (409): kept as a conflict, not sent again. */
  async conflict(id: string, reason: string, at: Date): Promise<void> {
    await this.settleRefusal(id, 'conflict', 409, reason, at);
  }

  private settleRefusal(id: string, state: LeadState, status: number, reason: string, at: Date) {
    return this.settleLead(
      id,
      `update outbox_leads set state = $2, refusal = $3 where id = $1 and state = 'waiting'`,
      [state, JSON.stringify({ status, reason, at: at.toISOString() })],
    );
  }

  /** The `fake_certificate` leads about this person not yet withdrawn (same ID number; same name when both have one). */
  fakeCertificateLeadsOf(idNumber: string, name: string | undefined): Promise<LeadEntry[]> {
    return this.leads(
      `kind = 'fake_certificate' and id_number = $1 and state <> 'withdrawn'
       and ($2::text is null or name is null or name = $2)`,
      [idNumber, name ?? null],
    );
  }

  /** Of `idNumbers`, those with a `fake_certificate` lead not yet withdrawn (whatever its name). */
  async withFakeCertificateLeads(idNumbers: readonly string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ id_number: string }>(
      `select distinct id_number from outbox_leads
       where kind = 'fake_certificate' and id_number = any($1::text[]) and state <> 'withdrawn'`,
      [idNumbers],
    );
    return new Set(rows.map((r) => r.id_number));
  }

  /** The bureau acknowledged the withdrawal of `id`. */
  async withdrawalDelivered(id: string): Promise<void> {
    await this.settleLead(
      id,
      'update outbox_leads set withdrawal_owed = false where id = $1 and withdrawal_owed',
    );
  }

  /** The bureau refused the withdrawal of `id` for good (kept with its answer, not sent again). */
  async withdrawalRefused(id: string, status: number, reason: string, at: Date): Promise<void> {
    await this.settleLead(
      id,
      'update outbox_leads set withdrawal_owed = false, withdrawal_refusal = $2 where id = $1 and withdrawal_owed',
      [JSON.stringify({ status, reason, at: at.toISOString() })],
    );
  }

  /** Claim the oldest withdrawn lead whose asker is owed a notice, not in `skip`. */
  async claimNotice(skip: readonly string[] = []): Promise<LeadEntry | undefined> {
    const rows = await claimRows<LeadRow>(this.db, LEADS, this.claimer, {
      where: 'notice_owed and not (id = any($1))',
      params: [[...skip]],
      order: 'seq',
      limit: 1,
    });
    return entriesOf(rows)[0];
  }

  /** The asker of `id` was told of its withdrawal. */
  async notified(id: string): Promise<void> {
    await this.settleLead(id, 'update outbox_leads set notice_owed = false where id = $1 and notice_owed');
  }

  /** Give the claimed lead `id` back undone (the bureau or the asker's chat cannot be reached; stopping). */
  unclaimLead(id: string): Promise<void> {
    return releaseClaim(this.db, LEADS, id, this.claimer.holder);
  }

  /**
   * Queue `report` as its month's self-check summary: it replaces the month's earlier count when its numbers
   * differ (false, nothing written, when they are the same or the month holds a later count).
   */
  async queueSummary(report: SelfCheckReport): Promise<boolean> {
    const rows = await this.db.query(
      `insert into outbox_summaries as s (month, people, problems, at) values ($1, $2, $3, $4)
       on conflict (month) do update set people = excluded.people, problems = excluded.problems,
         at = excluded.at, sent = false, refusal = null
       where s.at < excluded.at and (s.people <> excluded.people or s.problems <> excluded.problems)
       returning month`,
      [report.month, report.people, report.problems, report.at],
    );
    return rows.length > 0;
  }

  /** The month's summary and where it stands. */
  async summaryOf(month: string): Promise<SummaryEntry | undefined> {
    const [row] = await this.db.query<SummaryRow>('select * from outbox_summaries where month = $1', [month]);
    return row && summaryOfRow(row);
  }

  /** Summaries the bureau has not yet acknowledged (nor refused), by month. */
  async summariesWaiting(): Promise<SelfCheckReport[]> {
    return (await this.summaries('not sent and refusal is null')).map((e) => e.report);
  }

  /** Summaries the bureau refused for good. */
  summariesRefused(): Promise<SummaryEntry[]> {
    return this.summaries('refusal is not null');
  }

  /** The bureau holds the count of `month` made at `at` (a newer count stays waiting). */
  async summaryDelivered(month: string, at: string): Promise<void> {
    await this.settleSummary(month, 'update outbox_summaries set sent = true', at, []);
  }

  /** The bureau refused the count of `month` made at `at` for good. */
  async summaryRefused(month: string, at: string, status: number, reason: string, when: Date): Promise<void> {
    await this.settleSummary(month, 'update outbox_summaries set refusal = $3', at, [
      JSON.stringify({ status, reason, at: when.toISOString() }),
    ]);
  }

  private settleSummary(month: string, change: string, at: string, params: readonly unknown[]) {
    return settleClaim(this.db, SUMMARIES, month, this.claimer.holder, async (tx) => {
      const rows = await tx.query(
        `${change} where month = $1 and at = $2 and not sent and refusal is null returning month`,
        [month, at, ...params],
      );
      return rows.length > 0;
    });
  }

  /**
   * Claim the next thing for the bureau, in order: leads waiting, then withdrawals owed (oldest first), then
   * the months' summaries waiting; undefined when nothing is left that no other instance holds.
   */
  async claimDelivery(): Promise<OutboxDelivery | undefined> {
    const [row] = await claimRows<LeadRow>(this.db, LEADS, this.claimer, {
      where: `state = 'waiting' or withdrawal_owed`,
      order: `state <> 'waiting', seq`,
      limit: 1,
    });
    const entry = row && entryOf(row);
    if (entry)
      return entry.state === 'waiting' ? { kind: 'lead', lead: entry.lead } : { kind: 'withdrawal', entry };
    const [summary] = await claimRows<SummaryRow>(this.db, SUMMARIES, this.claimer, {
      where: 'not sent and refusal is null',
      order: 'month',
      limit: 1,
    });
    return summary && { kind: 'summary', report: reportOf(summary) };
  }

  /** Give a claimed delivery back unsent (the bureau cannot be reached, or sending stopped). */
  unclaim(delivery: OutboxDelivery): Promise<void> {
    return delivery.kind === 'summary'
      ? releaseClaim(this.db, SUMMARIES, delivery.report.month, this.claimer.holder)
      : this.unclaimLead(delivery.kind === 'lead' ? delivery.lead.id : delivery.entry.lead.id);
  }

  /** How many things still wait for the bureau: leads, withdrawals owed and summaries. */
  async left(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `select ((select count(*) from outbox_leads where state = 'waiting' or withdrawal_owed)
        + (select count(*) from outbox_summaries where not sent and refusal is null))::int as n`,
    );
    return row?.n ?? 0;
  }

  /** Leads waiting to be sent, oldest first. */
  async waiting(): Promise<LeadReport[]> {
    return (await this.leads(`state = 'waiting'`)).map((e) => e.lead);
  }

  /** Withdrawn leads whose withdrawal the bureau has not yet acknowledged. */
  withdrawalsOwed(): Promise<LeadEntry[]> {
    return this.leads('withdrawal_owed');
  }

  /** Withdrawn leads whose asker has not yet been told. */
  noticesOwed(): Promise<LeadEntry[]> {
    return this.leads('notice_owed');
  }

  /** Leads the bureau refused for good. */
  refused(): Promise<RefusedLead[]> {
    return this.inState('refused');
  }

  /** Leads the bureau holds different content for under the same id (409). */
  conflicts(): Promise<RefusedLead[]> {
    return this.inState('conflict');
  }

  private async inState(state: 'refused' | 'conflict'): Promise<RefusedLead[]> {
    return (await this.leads('state = $1', [state])).flatMap((e) =>
      e.refusal ? [{ lead: e.lead, ...e.refusal }] : [],
    );
  }

  /** Every lead the outbox holds with its content, in the order first seen. */
  list(): Promise<LeadEntry[]> {
    return this.leads('lead is not null');
  }

  /** The lead `id` and where it stands. */
  async get(id: string): Promise<LeadEntry | undefined> {
    return (await this.leads('id = $1', [id]))[0];
  }

  /** Where lead `id` stands; undefined when the outbox never saw it. */
  async stateOf(id: string): Promise<LeadState | undefined> {
    const [row] = await this.db.query<{ state: LeadState }>('select state from outbox_leads where id = $1', [
      id,
    ]);
    return row?.state;
  }
}

/** Withdraw lead $1 (reason $2, at $3, notice $4) unless unknown or withdrawn already. */
const WITHDRAW = `update outbox_leads set state = 'withdrawn', withdrawn_reason = $2, withdrawn_at = $3,
    withdrawal_owed = sent, notice = $4, notice_owed = ($4::jsonb is not null)
  where id = $1 and state <> 'withdrawn' and lead is not null`;
