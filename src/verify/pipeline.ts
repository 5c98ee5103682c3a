/**
 * The one road every query takes, from chat, CLI or batch:
 * validate → official exports in the registry → cache → national platform → classify → record finding → verdict.
 *
 * Evidence is the platform's or an official export's: an enterprise's ledger is a list of people to check, never
 * an answer, and a name someone typed is never evidence of whose ID it is. A lookup failure is never "not found":
 * it becomes `unverifiable`, or — when an older answer is cached — a verdict from that answer marked
 * `stale-cache` with its date; nor is a failure on one kind ever outweighed by another kind's answer into a
 * negative verdict. Identical queries in flight are joined. Who may see a name is not decided here (disclosure.ts).
 */
import type { CertificateRecord, LookupAnswer, PersonType } from '../domain/certificate.js';
import { PERSON_TYPES_IN_ORDER } from '../domain/certificate.js';
import { foundHolder } from '../domain/check-summary.js';
import { formatChinaTime } from '../domain/dates.js';
import { decideVerdict, type VerdictEvidence } from '../domain/decide-verdict.js';
import { LookupError } from '../domain/errors.js';
import type { Finding, FindingBefore } from '../domain/finding.js';
import { maskId } from '../domain/mask.js';
import type { ParsedQuery, Requester } from '../domain/query.js';
import type { Rules } from '../domain/rules.js';
import { isAcceptable } from '../domain/status.js';
import { isFindingVerdict, type Verdict } from '../domain/verdict.js';
import type { CertificateLookup, LookupPriority } from '../lookup/port.js';
import type { CheckEntry } from '../store/check-tally.js';
import type { RegistryRecord } from '../store/registry.js';
import type { Store } from '../store/store.js';
import { logger } from '../util/logger.js';
import { findingFromVerdict } from './finding-from-verdict.js';
import {
  certificateFound,
  foundPerson,
  LEAD_WITHDRAWN_FOUND,
  type LeadSink,
  leadFromFinding,
  leadOriginOf,
} from './lead-from-finding.js';

const log = logger('verify');

export interface VerifyContext {
  requester: Requester;
  today: string;
  /** Names this verification (a batch job's row): verified again after a crash, its finding is logged once. */
  occasion?: string;
  /**
   * Resolve without waiting for the finding to be durable: the caller awaits `flush()` before relying on it (a
   * batch, before saving the row's verdict), so the findings of many rows share one write of the log.
   */
  deferFinding?: boolean;
  /** Whose wait this is, for the platform's queue (default `chat`: a person waiting). */
  priority?: LookupPriority;
  /** The earlier answer about the person (a ledger re-check): a finding then carries it beside the new one. */
  before?: FindingBefore;
  /**
   * A held lead's re-check (lead-review.ts): the platform is asked even when the cache holds a fresh empty answer
   * (a new certificate may have appeared since), and no finding or lead is recorded for it — the caller decides
   * what becomes of the lead.
   */
  recheck?: boolean;
}

/** A name the bot knows for an ID, and the enterprises whose own ledger or import holds the person. */
export interface KnownHolder {
  name: string;
  heldBy: string[];
}

export interface Pipeline {
  /**
   * Verify one query. Never rejects for a lookup failure: that is an `unverifiable` verdict. A query without a
   * name is not looked up (the caller fills a name the asker may see, see known-name.ts).
   */
  verify(query: ParsedQuery, ctx: VerifyContext): Promise<Verdict>;
  /**
   * The holder's name for an ID from evidence (an official export, a certificate the platform found) or from
   * the ledger of an enterprise holding the person — never from what someone typed in a query.
   */
  knownName(idNumber: string): Promise<KnownHolder | undefined>;
  /** Resolves once every finding recorded so far is durable (see VerifyContext.deferFinding). */
  flush?(): Promise<void>;
  /**
   * Read what the verifications of these ID numbers will need in one go (a roster's next rows), so each row
   * then needs no query of its own for it. Only a speed-up: a failure is the rows' own queries again.
   */
  prefetch?(idNumbers: readonly string[]): Promise<void>;
}

export interface PipelineDeps {
  store: Pick<Store, 'registry' | 'cache' | 'findings' | 'audit' | 'checks'>;
  /** The national platform, one query per person type. */
  national: CertificateLookup;
  rules: Rules;
  now?: () => Date;
  /**
   * The enterprises whose ledger (ledger.json) lists the ID, with the name each gave: like an imported ledger in
   * the registry, they may see the holder's name, and their name answers a query sent without one.
   */
  ledgerHolders?: (idNumber: string) => ReadonlyArray<{ name: string; enterprise: string }>;
  /** Where each new finding that is a lead goes (the bureau's outbox), once the finding is durable. */
  leads?: LeadSink;
}

/** Build the pipeline over a store and the national client. */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const now = deps.now ?? (() => new Date());
  const inFlight = new Map<string, Promise<Verdict>>();
  /**
   * Settles once every lead write handed over so far has settled, for `flush`: one promise, not the set of
   * writes. A batch flushes after every row while the findings of thousands of rows wait for one write of the
   * log; waiting on each pending write at every flush grew with rows × writes (out of memory at 10,000 rows).
   */
  let leadWritesSettled: Promise<unknown> = Promise.resolve();

  /** Records that are evidence for an ID: official exports, and what the platform found (cached). */
  const evidenceRecords = async (
    idNumber: string,
    registered: RegistryRecord[],
  ): Promise<CertificateRecord[]> => [
    ...registered.filter(isOfficial),
    ...(await deps.store.cache.findById(idNumber)).flatMap(allRecords),
  ];

  const ledgerHolders = deps.ledgerHolders ?? (() => []);
  const heldBy = (idNumber: string, registered: RegistryRecord[]): string[] => [
    ...new Set([
      ...registered.flatMap((r) => (r.enterprise ? [r.enterprise] : [])),
      ...ledgerHolders(idNumber).map((h) => h.enterprise),
    ]),
  ];

  const knownName = async (idNumber: string): Promise<KnownHolder | undefined> => {
    const registered = await deps.store.registry.findById(idNumber);
    const name =
      (await evidenceRecords(idNumber, registered))[0]?.name ??
      registered.find((r) => r.enterprise !== undefined)?.name ??
      ledgerHolders(idNumber)[0]?.name;
    return name === undefined ? undefined : { name, heldBy: heldBy(idNumber, registered) };
  };

  async function decide(query: ParsedQuery, ctx: VerifyContext): Promise<Verdict> {
    const { today } = ctx;
    if (!query.valid) return decideVerdict(query, undefined, today, deps.rules);
    const registered = await deps.store.registry.findById(query.idNumber);
    const { evidence, incomplete } = await gatherEvidence(
      query,
      registered,
      ctx.priority ?? 'chat',
      ctx.recheck === true,
    );
    let verdict = decideVerdict(query, evidence, today, deps.rules);
    // A kind we could not ask may hold what this answer lacks: only a good answer stands on its own.
    if (incomplete && !isAcceptable(verdict.status)) {
      verdict = decideVerdict(query, incomplete, today, deps.rules);
    }
    const holders = heldBy(query.idNumber, registered);
    if (holders.length > 0) verdict.heldBy = holders;
    return verdict;
  }

  /**
   * Official exports first, then each person type through the cache and the platform, stopping at the first
   * found. `incomplete`: a kind could not be asked, so only an acceptable verdict may come from `evidence`.
   */
  async function gatherEvidence(
    query: ParsedQuery,
    registered: RegistryRecord[],
    priority: LookupPriority,
    recheck: boolean,
  ): Promise<{ evidence: VerdictEvidence; incomplete?: VerdictEvidence }> {
    const sameId = await evidenceRecords(query.idNumber, registered);
    const official = registered.filter(isOfficial);
    const inRegistry = official.filter((r) => r.name === query.name && fitsType(r, query.personType));
    if (inRegistry.length > 0) {
      const latest = inRegistry.reduce((a, b) => (a.importedAt > b.importedAt ? a : b));
      return {
        evidence: {
          kind: 'answer',
          answer: { current: inRegistry, history: [] },
          sameId,
          source: 'registry',
          evidenceAt: latest.importedAt,
        },
      };
    }
    if (query.name === undefined) {
      return { evidence: { kind: 'failure', error: new MissingNameError() } };
    }
    let failure: { error: LookupError; stale?: VerdictEvidence } | undefined;
    let emptyFresh: VerdictEvidence | undefined;
    for (const personType of lookupOrder(query.personType)) {
      const key = { personType, idNumber: query.idNumber, name: query.name };
      const cached = await deps.store.cache.get(key, now());
      let evidence: VerdictEvidence;
      // A re-check asks the platform again over an empty answer: a new certificate may have appeared since.
      if (cached?.fresh && !(recheck && !hasRecords(cached.answer))) {
        evidence = {
          kind: 'answer',
          answer: cached.answer,
          sameId,
          source: 'cache',
          personType,
          evidenceAt: cached.storedAt,
        };
      } else {
        try {
          const answer = await deps.national.lookup({
            idNumber: query.idNumber,
            name: query.name,
            personType,
            priority,
          });
          const at = now();
          // Not awaited: a lost cache entry costs one more query, and the verdict need not wait for the write.
          deps.store.cache.put(key, answer, at).catch((e) => log.error({ err: e }, 'cache write failed'));
          evidence = {
            kind: 'answer',
            answer,
            sameId,
            source: 'national',
            personType,
            evidenceAt: at.toISOString(),
          };
        } catch (error) {
          if (!(error instanceof LookupError)) throw error;
          log.warn({ id: maskId(query.idNumber), personType, code: error.code }, 'lookup failed');
          const stale =
            cached && hasRecords(cached.answer)
              ? {
                  kind: 'answer' as const,
                  answer: cached.answer,
                  sameId,
                  source: 'stale-cache' as const,
                  personType,
                  evidenceAt: cached.storedAt,
                }
              : undefined;
          failure ??= { error, stale };
          continue;
        }
      }
      if (evidence.kind === 'answer' && hasRecords(evidence.answer)) {
        return failure ? { evidence, incomplete: failedEvidence(failure) } : { evidence };
      }
      emptyFresh ??= evidence;
    }
    // Nothing found anywhere we could ask. A failure on any kind means we cannot say "not found".
    if (failure) return { evidence: failedEvidence(failure) };
    return { evidence: emptyFresh as VerdictEvidence };
  }

  /** Once `recording` is durable, hand its finding's lead (if it is a new one) to `sink`. */
  function queueLead(
    sink: LeadSink,
    recording: Promise<{ finding: Finding; duplicate: boolean }>,
  ): Promise<void> {
    const queued = recording.then(async ({ finding, duplicate }) => {
      const lead = duplicate ? undefined : leadFromFinding(finding);
      if (lead) await sink.add(lead, leadOriginOf(finding));
    });
    trackLeadWrite(queued);
    return queued;
  }

  /** Count `write` among what `flush` waits for. */
  function trackLeadWrite(write: Promise<void>): void {
    leadWritesSettled = Promise.allSettled([leadWritesSettled, write]);
  }

  async function verifyOnce(query: ParsedQuery, ctx: VerifyContext): Promise<Verdict> {
    const verdict = await decide(query, ctx);
    if (verdict.source === 'stale-cache' && verdict.evidenceAt) {
      verdict.warnings.unshift(
        `全国平台暂时无法访问，以上为 ${formatChinaTime(verdict.evidenceAt)} 的查询结果（缓存），恢复后请再查一次`,
      );
    }
    const at = now();
    if (ctx.recheck) {
      // The re-check's caller decides on the lead; nothing is recorded for the re-check itself.
    } else if (isFindingVerdict(verdict)) {
      const recording = deps.store.findings.record(
        findingFromVerdict(verdict, ctx.requester, ctx.before),
        at,
        ctx.occasion,
      );
      const recorded = deps.leads ? queueLead(deps.leads, recording) : recording;
      // A deferred write that fails is reported by the caller's flush(), which writes again.
      if (ctx.deferFinding) recorded.catch((e) => log.error({ err: e }, 'finding write failed'));
      else await recorded;
    }
    if (deps.leads && !ctx.recheck && certificateFound(verdict)) {
      // A certificate of his is on the platform now: any fake-certificate lead about him is withdrawn.
      const withdrawing = deps.leads.found(foundPerson(verdict), LEAD_WITHDRAWN_FOUND, at).then(
        () => undefined,
        (e) => log.error({ err: e }, 'lead withdrawal failed'),
      );
      trackLeadWrite(withdrawing);
      if (!ctx.deferFinding) await withdrawing;
    }
    if (!ctx.recheck) {
      deps.store.checks.record(checkEntryOf(verdict, ctx.requester, ctx.today));
    }
    deps.store.audit
      .append({
        at: at.toISOString(),
        requester: ctx.requester,
        action: 'verify',
        maskedIds: [maskId(query.idNumber)],
        statuses: [verdict.status],
      })
      .catch((e) => log.error({ err: e }, 'audit write failed'));
    return verdict;
  }

  return {
    knownName,
    async prefetch(idNumbers) {
      await Promise.all([
        deps.store.cache.prefetch(idNumbers),
        deps.store.registry.prefetch(idNumbers),
        deps.leads?.prefetch?.(idNumbers),
      ]);
    },
    async flush() {
      // The check tally is no evidence: it is written once a second and when the store closes, not per row.
      await deps.store.findings.flush();
      if (!deps.leads) return;
      // A finding's lead is queued once the finding is durable: wait for those still on their way.
      await leadWritesSettled;
      await deps.leads.flush();
    },
    verify(query, ctx) {
      const key = [
        query.idNumber,
        query.name ?? '',
        query.item ?? '',
        query.personType ?? '',
        ctx.today,
        ctx.requester.enterprise ?? '',
        ctx.recheck ? 'recheck' : '',
      ].join('|');
      const running = inFlight.get(key);
      if (running) return running.then((v) => ({ ...v, query }));
      const promise = verifyOnce(query, ctx).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}

/** The platform needs a name; without one (and none known locally) the query cannot be looked up. */
export class MissingNameError extends LookupError {
  constructor() {
    super('bad_input', '缺少姓名：全国平台要求身份证号和姓名一起查询，请补上姓名', false);
  }
}

/**
 * Kinds to ask, in order: the one the query names first, then the others — a worker listed as 负责人 who holds
 * a manager's certificate is a type mismatch, not "no certificate found".
 */
function lookupOrder(named: PersonType | undefined): readonly PersonType[] {
  return named ? [named, ...PERSON_TYPES_IN_ORDER.filter((t) => t !== named)] : PERSON_TYPES_IN_ORDER;
}

/** What a failed lookup leaves: its kind's older answer, or the failure. */
function failedEvidence(failure: { error: LookupError; stale?: VerdictEvidence }): VerdictEvidence {
  return failure.stale ?? { kind: 'failure', error: failure.error };
}

/** An official export is evidence; an enterprise's ledger is only a list of people to check. */
function isOfficial(record: RegistryRecord): boolean {
  return record.provenance === 'official';
}

function hasRecords(answer: LookupAnswer): boolean {
  return answer.current.length > 0 || answer.history.length > 0;
}

function allRecords(entry: { answer: LookupAnswer }): CertificateRecord[] {
  return [...entry.answer.current, ...entry.answer.history];
}

function fitsType(record: CertificateRecord, personType: PersonType | undefined): boolean {
  if (personType === undefined) return true;
  if (personType === 'special') return record.kind === 'special';
  if (record.kind !== 'safety') return false;
  const isPrincipal = record.role?.includes('负责人') ?? false;
  return personType === 'principal' ? isPrincipal : !isPrincipal;
}

/** What the check tally counts of a verdict: the person, his latest result that day, for whose enterprise. */
function checkEntryOf(verdict: Verdict, requester: Requester, day: string): CheckEntry {
  const personType = verdict.personType ?? verdict.query.personType;
  return {
    day,
    idNumber: verdict.query.idNumber || verdict.query.input,
    status: verdict.status,
    found: foundHolder(verdict.status, verdict.certificates.length + verdict.history.length),
    ...(personType ? { personType } : {}),
    ...(requester.enterprise !== undefined ? { enterprise: requester.enterprise } : {}),
    ...((verdict.concerns?.length ?? 0) > 0 ? { concern: true } : {}),
  };
}
