/**
 * The bureau's store as its parts see it: the intake API, the console pages and the CLI commands all go through
 * this port; PostgreSQL (pg) and PGlite stand behind it with the same SQL. Every read and change of a lead takes a
 * `Scope`, so an enterprise admin's session can never reach another enterprise's rows, whatever id it guesses.
 */
import type { LeadKind, LeadReport } from '../../domain/lead.js';

/** A case's stage: 新线索 → 核查中 → 已移送公安 / 已排除 → 结案. */
export type CaseStatus = 'new' | 'investigating' | 'referred' | 'dismissed' | 'closed';

export interface Enterprise {
  id: number;
  name: string;
  createdAt: string;
}

export type BureauRole = 'staff' | 'enterprise';

export interface BureauUser {
  id: number;
  login: string;
  role: BureauRole;
  /** Set for role `enterprise`: the only enterprise whose leads the user sees. */
  enterpriseId?: number;
  /** scrypt hash with its parameters and salt (see the auth module). */
  passwordHash: string;
  createdAt: string;
}

/** Whose leads a caller may touch: staff see all; an enterprise (token or admin) only its own. */
export type Scope = { role: 'staff' } | { role: 'enterprise'; enterpriseId: number };

/** A lead as an enterprise bot sends it (`POST /api/v1/leads`), validated. */
export type LeadInput = LeadReport;

/** A stored lead with its case: the report as sent (its `id` kept as `sourceId`) and what the bureau added. */
export interface Lead extends Omit<LeadReport, 'id'> {
  /** The bureau's own id (what URLs carry). */
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  sourceId: string;
  receivedAt: string;
  caseStatus: CaseStatus;
  updatedAt: string;
  /** When the case was handed to the police (kept after it is closed), for the share referred. */
  referredAt?: string;
  /** The enterprise withdrew the lead (a certificate was found after all): when and why. Never deleted. */
  withdrawn?: { at: string; reason: string };
}

/** A lead's state as its enterprise left it: standing (已上报) or withdrawn (已撤回). */
export type LeadState = 'reported' | 'withdrawn';

/** The state of `lead`. */
export function leadStateOf(lead: Pick<Lead, 'withdrawn'>): LeadState {
  return lead.withdrawn ? 'withdrawn' : 'reported';
}

/** What `ingestLead` did: stored it, found it already there, or found other content under the same id. */
export type IngestOutcome =
  | { lead: Lead; created: boolean }
  | { lead: Lead; created: false; conflict: string };

/** A lead in the list, with how many other leads (that the scope sees) are about the same ID number. */
export interface ListedLead extends Lead {
  related: number;
}

/** How far the lead list counts its matches (beyond, it says "more than"). */
export const LIST_COUNT_CAP = 10_000;

/**
 * The deepest row a page of the lead list may start at (as far as the list counts): deeper pages are refused,
 * so no page makes the database walk past more rows than this.
 */
export const MAX_LIST_OFFSET = LIST_COUNT_CAP;

/** A page of the lead list. */
export interface LeadPage {
  rows: ListedLead[];
  /** Matches, counted up to LIST_COUNT_CAP. */
  total: number;
  /** More than `total` leads match. */
  totalCapped: boolean;
}

/** One change of a case's status, kept in the audit table. */
export interface CaseEvent {
  leadId: number;
  from: CaseStatus | null;
  to: CaseStatus;
  by: string;
  at: string;
  note: string;
}

/** The lead list's filters; `month` is `YYYY-MM` of `foundAt` in China time; `search` matches a masked ID's visible digits or a name. */
export interface LeadFilter {
  enterpriseId?: number;
  kind?: LeadKind;
  caseStatus?: CaseStatus;
  /** Only withdrawn leads, or only standing ones. */
  state?: LeadState;
  month?: string;
  search?: string;
  limit: number;
  offset: number;
}

/** One month's counts for the figures page and 月度统计. */
export interface MonthFigures {
  month: string;
  byKind: Record<LeadKind, number>;
  byEnterprise: Array<{ enterpriseId: number; name: string; count: number }>;
  total: number;
  referred: number;
}

export interface BureauStore {
  /** Run pending migrations (idempotent; safe with several instances starting at once). */
  migrate(): Promise<void>;
  /** Add an enterprise; the token is returned only here (the store keeps its hash). */
  addEnterprise(name: string): Promise<{ enterprise: Enterprise; token: string }>;
  enterpriseByToken(token: string): Promise<Enterprise | undefined>;
  enterpriseByName(name: string): Promise<Enterprise | undefined>;
  /** Every enterprise, by name (the console's enterprise filter; no counting). */
  listEnterprises(): Promise<Enterprise[]>;
  enterprisesWithCounts(
    scope: Scope,
  ): Promise<Array<Enterprise & { leads: number; open: number; referred: number }>>;
  addUser(user: Omit<BureauUser, 'id' | 'createdAt'>): Promise<BureauUser>;
  userByLogin(login: string): Promise<BureauUser | undefined>;
  /**
   * Store a lead once: `created` false when this enterprise already sent that id (nothing changes then), with
   * `conflict` (the fields that differ, in Chinese) when what it holds under that id is another lead.
   */
  ingestLead(enterpriseId: number, input: LeadInput): Promise<IngestOutcome>;
  /**
   * Mark this enterprise's lead `sourceId` withdrawn, with its reason and time (idempotent: a lead already
   * withdrawn keeps its first withdrawal; `changed` false then). Undefined for an id it never sent.
   */
  withdrawLead(
    enterpriseId: number,
    sourceId: string,
    reason: string,
    withdrawnAt: string,
  ): Promise<{ lead: Lead; changed: boolean } | undefined>;
  /** How many leads `enterpriseId` has had stored this China day, by the database's clock (its daily cap). */
  leadsReceivedToday(enterpriseId: number): Promise<number>;
  /** Leads stored this China day per enterprise the scope sees (the console's view of the cap). */
  receivedTodayByEnterprise(scope: Scope): Promise<Map<number, number>>;
  /**
   * One page of leads, newest found first. `total` counts the matches up to LIST_COUNT_CAP; `totalCapped` says
   * there are more (a page of a million rows must not wait for counting them all). An offset beyond
   * MAX_LIST_OFFSET is refused (InputError).
   */
  listLeads(scope: Scope, filter: LeadFilter): Promise<LeadPage>;
  /** Undefined both when there is no such lead and when the scope may not see it. */
  getLead(scope: Scope, id: number): Promise<Lead | undefined>;
  /** Leads about the same ID number (from any enterprise the scope sees), the lead itself excluded. */
  relatedLeads(scope: Scope, id: number): Promise<Lead[]>;
  /** Move a case; refuses a move the workflow does not allow. Writes the audit row in the same transaction. */
  changeCaseStatus(scope: Scope, id: number, to: CaseStatus, by: string, note: string): Promise<Lead>;
  history(scope: Scope, id: number): Promise<CaseEvent[]>;
  monthlyFigures(scope: Scope, fromMonth: string, toMonth: string): Promise<MonthFigures[]>;
  close(): Promise<void>;
}
