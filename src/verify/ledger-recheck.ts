/**
 * The background re-check of the ledgers: today's plan (ledger-plan.ts) asked through the pipeline at the
 * lowest priority, so a person waiting in chat and a roster's rows go first on the platform's one pipe. Each
 * answer updates the person's latest verdict and history; a failure leaves the last verdict with its date. A
 * person found before and not found now becomes a finding at once, carrying the earlier answer beside the new.
 * The changes are counted per ledger for the next digest ("3 人状态变化：2 人已换证，1 人逾期").
 */
import type { FindingBefore } from '../domain/finding.js';
import type { ParsedQuery } from '../domain/query.js';
import type { LedgerPerson, LedgerStore } from '../store/ledger-store.js';
import { personKey } from '../store/ledger-store.js';
import { logger } from '../util/logger.js';
import { type PlanSettings, planRechecks, type RecheckPlan } from './ledger-plan.js';
import { applyVerdict, type ChangeKind } from './ledger-verdict.js';
import type { Pipeline } from './pipeline.js';

const log = logger('ledger');

/** The requester's file name of a re-check, as findings and the audit record it. */
export const RECHECK_SOURCE = '台账定期复查';

export interface RecheckDeps {
  ledger: LedgerStore;
  pipeline: Pick<Pipeline, 'verify'>;
  settings: PlanSettings;
  /** Whether a fresh cached answer covers the person (they cost the platform nothing). */
  cached: (person: LedgerPerson) => boolean;
  today: string;
  /** Stops before the next person (the bot is stopping). */
  signal?: AbortSignal;
}

/** What a round did. */
export interface RecheckOutcome {
  plan: RecheckPlan;
  /** People answered by the platform or the cache. */
  checked: number;
  /** People the platform could not answer (their last verdict stays). */
  failed: number;
  /** Status changes per enterprise, by kind. */
  changes: Record<string, Partial<Record<ChangeKind, number>>>;
}

/** Plan today's re-checks and run them one after another. */
export async function runRecheck(deps: RecheckDeps): Promise<RecheckOutcome> {
  const { ledger, today } = deps;
  const plan = planRechecks(
    ledger.books.map((b) => ({ enterprise: b.enterprise, people: b.people })),
    today,
    deps.settings,
    deps.cached,
  );
  const outcome: RecheckOutcome = { plan, checked: 0, failed: 0, changes: {} };
  log.info(
    { people: plan.checks.length, lookups: plan.lookups, budget: plan.budget, waiting: plan.waiting },
    're-check planned',
  );
  for (const { enterprise, person } of plan.checks) {
    if (deps.signal?.aborted) break;
    const verdict = await deps.pipeline.verify(queryOf(person), {
      requester: { channel: 'batch', file: RECHECK_SOURCE, enterprise },
      today,
      priority: 'background',
      ...beforeOf(person),
    });
    const key = personKey(person);
    const applied = await ledger.change(enterprise, (book) => {
      const there = book.people.find((p) => personKey(p) === key);
      if (there === undefined) return undefined;
      const result = applyVerdict(there, verdict);
      if (result.kind === 'changed') book.untoldChanges = countIn(book.untoldChanges, result.change);
      return result;
    });
    if (applied?.kind === 'failed') outcome.failed++;
    else if (applied !== undefined) outcome.checked++;
    if (applied?.kind === 'changed')
      outcome.changes[enterprise] = countIn(outcome.changes[enterprise], applied.change);
  }
  log.info({ checked: outcome.checked, failed: outcome.failed }, 're-check done');
  return outcome;
}

/** `counts` with one more `kind`. */
function countIn(
  counts: Partial<Record<ChangeKind, number>> | undefined,
  kind: ChangeKind,
): Partial<Record<ChangeKind, number>> {
  return { ...counts, [kind]: (counts?.[kind] ?? 0) + 1 };
}

/** The query of a ledger person, as a roster row would give it. */
export function queryOf(person: LedgerPerson): ParsedQuery {
  const query: ParsedQuery = {
    input: person.idNumber,
    idNumber: person.idNumber,
    valid: true,
    reasons: [],
    name: person.name,
  };
  if (person.item !== undefined) query.item = person.item;
  if (person.appointedOn !== undefined) query.appointedOn = person.appointedOn;
  const personType = person.latest?.personType ?? person.personType;
  if (personType !== undefined) query.personType = personType;
  return query;
}

/** The earlier answer a finding of this re-check is set against, when the person had one. */
function beforeOf(person: LedgerPerson): { before?: FindingBefore } {
  const latest = person.latest;
  if (latest === undefined) return {};
  const before: FindingBefore = {
    status: latest.status,
    judgedOn: latest.judgedOn,
    certificates: latest.certificate ? [latest.certificate] : [],
  };
  if (latest.at !== undefined) before.answeredAt = latest.at;
  return { before };
}
