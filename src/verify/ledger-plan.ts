/**
 * Which ledger people the background re-check asks about today. Pure: the people, the date and the settings come
 * in. Every person still on a ledger is due once `recheckDays` have passed since their last verdict (never
 * verified: due at once); besides those, the oldest are taken up to a daily share of everybody, so the work is
 * spread over the days instead of falling on one. A person the platform could not answer is asked again the next
 * day (their verdict keeps its own date). The platform is one narrow pipe: people whose answer is still
 * fresh in the cache cost it nothing and go first; the rest go up to the day's budget, the oldest first, and
 * whoever does not fit waits for the next day.
 */
import { daysBetween } from '../domain/dates.js';
import { isActive, type LedgerPerson } from '../store/ledger-store.js';

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/** Platform lookups a person with no known person type may cost: each type in turn until one is found. */
const LOOKUPS_UNKNOWN_TYPE = 3;

/** The settings the plan follows (config `ledger` and `lookup.minIntervalMs`). */
export interface PlanSettings {
  recheckDays: number;
  platformShare: number;
  maxLookupsPerDay: number;
  minIntervalMs: number;
}

/** One person to ask about, and the ledger it is in. */
export interface PlannedCheck {
  enterprise: string;
  person: LedgerPerson;
  /** Platform lookups it may cost (0: answered from the cache). */
  lookups: number;
}

/** The day's plan. */
export interface RecheckPlan {
  checks: PlannedCheck[];
  /** Platform lookups the checks may cost, at most `budget`. */
  lookups: number;
  /** Platform lookups the re-checks may make today. */
  budget: number;
  /** People due today who did not fit in the budget (they come first tomorrow). */
  waiting: number;
}

/** The lookups a day allows the re-checks: a share of one query per `minIntervalMs`, capped. */
export function dailyBudget(settings: PlanSettings): number {
  const pipe =
    settings.minIntervalMs > 0 ? Math.floor(DAY_MS / settings.minIntervalMs) : Number.POSITIVE_INFINITY;
  return Math.min(settings.maxLookupsPerDay, Math.floor(pipe * settings.platformShare));
}

/** Platform lookups a re-check of `person` may cost. */
export function lookupsOf(person: LedgerPerson): number {
  return (person.latest?.personType ?? person.personType) === undefined ? LOOKUPS_UNKNOWN_TYPE : 1;
}

/**
 * Plan `today`'s re-checks over `ledgers` (enterprise → people). `cached(person)` says whether a fresh cached
 * answer would answer the person without the platform.
 */
export function planRechecks(
  ledgers: ReadonlyArray<{ enterprise: string; people: readonly LedgerPerson[] }>,
  today: string,
  settings: PlanSettings,
  cached: (person: LedgerPerson) => boolean,
): RecheckPlan {
  const candidates: Array<{ enterprise: string; person: LedgerPerson; age: number }> = [];
  for (const { enterprise, people } of ledgers) {
    for (const person of people) {
      if (!isActive(person) || person.lastFailedOn === today) continue;
      const last = person.latest?.judgedOn;
      const age = last === undefined ? Number.POSITIVE_INFINITY : daysBetween(last, today);
      if (age > 0) candidates.push({ enterprise, person, age });
    }
  }
  // Oldest first; ties in ledger order.
  candidates.sort((a, b) => b.age - a.age);
  const active = ledgers.reduce((n, l) => n + l.people.filter(isActive).length, 0);
  const share = Math.ceil(active / settings.recheckDays);
  const due = candidates.filter((c) => c.age >= settings.recheckDays).length;
  const wanted = candidates.slice(0, Math.max(share, due));
  const budget = dailyBudget(settings);
  const checks: PlannedCheck[] = [];
  const costly: PlannedCheck[] = [];
  for (const { enterprise, person } of wanted) {
    if (cached(person)) checks.push({ enterprise, person, lookups: 0 });
    else costly.push({ enterprise, person, lookups: lookupsOf(person) });
  }
  let lookups = 0;
  let waiting = 0;
  for (const check of costly) {
    if (lookups + check.lookups > budget) {
      waiting++;
      continue;
    }
    lookups += check.lookups;
    checks.push(check);
  }
  return { checks, lookups, budget, waiting };
}
