/**
 * The composition root: the one place that builds the real adapters (store on disk, national client with its
 * captcha solvers, pipeline) from the configuration, and the chat's view of them (batches, reports).
 */
import { QueryRateLimit } from '../chat/core/rate-limit.js';
import type { ChatServices } from '../chat/core/services.js';
import type { ChatAddress, ChatSend } from '../chat/types.js';
import type { Config } from '../config/schema.js';
import { todayInChina } from '../domain/dates.js';
import { createCaptchaSolver } from '../lookup/captcha/create.js';
import type { OperatorChannel } from '../lookup/captcha/operator.js';
import { TerminalOperator } from '../lookup/captcha/terminal-operator.js';
import { createNationalLookup, type NationalLookup } from '../lookup/national/client.js';
import { createPhotoReader } from '../photo/reader.js';
import type { BatchResult } from '../roster/types.js';
import { batchPapers } from '../roster/write/batch-papers.js';
import { type ExportScope, exportReport } from '../roster/write/export.js';
import type { EnterpriseProfile, LedgerByClass } from '../roster/write/report-rows.js';
import { exportSelfCheckReport, SELF_CHECK_KIND } from '../roster/write/self-check-report/file.js';
import { improvementSettingsOf } from '../roster/write/self-check-report/improvement.js';
import { LedgerStore } from '../store/ledger-store.js';
import { ClaimedRuns, instanceId } from '../store/sql/claims.js';
import { SqlPlatformPacer } from '../store/sql/platform-pacer.js';
import { openStore, type Store } from '../store/store.js';
import { logger } from '../util/logger.js';
import type { RunBudget } from '../verify/batch.js';
import { resumeJobs, startBatchJob } from '../verify/batch-job-runner.js';
import { type BatchJob, JobStore } from '../verify/batch-jobs.js';
import { describeProgress } from '../verify/batch-progress.js';
import { batchReplyText } from '../verify/batch-summary.js';
import { createPhotoChecker, type PhotoChecker } from '../verify/photo-check.js';
import { createPipeline, type Pipeline } from '../verify/pipeline.js';
import type { BureauSenderOptions } from './bureau-sender.js';
import type { AppContext } from './context.js';
import { type LeadOutbox, openLeadOutbox } from './lead-outbox.js';
import { type LeadReviewRound, reviewDueLeads } from './lead-review.js';
import { leadStandingsIn } from './lead-words.js';
import { createLedgerService, type LedgerService } from './ledger.js';
import { reportingChecks, SelfCheckReporter } from './self-check-reporter.js';

const log = logger('app');

/** How a chat user asks again for the rows of a roster the platform did not answer. */
const RESEND_ROSTER = '稍后把同一份名单再发一次';

/** A day's ledger re-check of a large ledger runs for hours at the platform's pace: another instance takes it over this long after its instance died. */
const DAY_RUN_LEASE_MS = 3 * 3_600_000;

export interface AppServices {
  config: Config;
  store: Store;
  pipeline: Pipeline;
  national: NationalLookup;
  /** The enterprises' ledgers: import, re-check, reminders. */
  ledger: LedgerService;
  /** Photos of certificates: the reader (OCR loaded on the first photo), the scan, the comparison. */
  photos: PhotoChecker;
  /** The chat handler's view of the application. */
  chat: ChatServices;
  /** Every lead and where it stands (the outbox), with the sender when `bureau.url` is set. */
  leads: LeadOutbox;
  /** Re-check the held leads that are due (lead-review.ts). */
  reviewLeads(signal?: AbortSignal): Promise<LeadReviewRound>;
  /**
   * Continue the chat's batch jobs no instance holds (this one restarted, or another died and its lease ran out)
   * and deliver them (needs `send`); a round already running is joined. `close` stops it.
   */
  resumeBatches(): Promise<number>;
  /** Flush the store, release the data directory and stop the OCR worker. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Who reads captchas for the `operator` solver; default: the terminal. */
  operator?: OperatorChannel;
  /** The chat's send function, for delivering batches resumed after a restart. */
  send?: ChatSend;
  /** Whether a resumed batch's door can send now; one whose door is down here waits for an instance where it runs. */
  reachable?: (to: ChatAddress) => boolean;
  /** The national platform client; default: built from `config.lookup` and the captcha chain (tests pass their own). */
  national?: NationalLookup;
  /** Timings of the bureau's sender (default: BureauSender's). */
  bureauSender?: Partial<BureauSenderOptions>;
  /** The command only reads the data directory: it still runs on a full disk (see StoreOptions.readOnly). */
  readOnly?: boolean;
  /** The process keeps files of its own in the data directory (the bot); a command does not (StoreOptions.exclusive). */
  exclusive?: boolean;
}

/** Build everything a command or the bot needs from the context's configuration. */
export async function createServices(ctx: AppContext, opts: ServiceOptions = {}): Promise<AppServices> {
  const { config } = ctx;
  const store = await openStore(config.dataDir, {
    cache: config.cache,
    database: config.store,
    readOnly: opts.readOnly,
    exclusive: opts.exclusive ?? false,
  });
  if (store.openedNotice) process.stderr.write(`${store.openedNotice}\n`);
  const needsOperator = config.captcha.chain.includes('operator');
  const solver = createCaptchaSolver(config.captcha, {
    operator: opts.operator ?? (needsOperator ? new TerminalOperator() : undefined),
  });
  // One pace for every instance on the store's database (and for the CLI's commands beside a running bot).
  const national =
    opts.national ??
    createNationalLookup(config.lookup, solver, {
      pacer: new SqlPlatformPacer(store.db, { intervalMs: config.lookup.minIntervalMs }),
    });
  const ledgerStore = await LedgerStore.open(store);
  const leads = await openLeadOutbox(config, store, opts.bureauSender);
  const today = () => config.today || todayInChina();
  // The month's self-check summary for the bureau's table, from the store's tally; a reading command sends none.
  const selfChecks = opts.readOnly
    ? undefined
    : new SelfCheckReporter({
        outbox: leads.outbox,
        monthSummary: (enterprise, month) => store.checks.month(enterprise, month),
        today,
        ...(leads.sender && { sender: leads.sender }),
      });
  const checks = createPipeline({
    store,
    national,
    rules: config.rules,
    ledgerHolders: (idNumber) => ledgerStore.holders(idNumber),
    leads: leads.sink,
  });
  const pipeline = selfChecks ? reportingChecks(checks, selfChecks) : checks;
  selfChecks?.start().catch((error) => log.error({ err: error }, 'queuing the self-check summaries failed'));
  const photos = createPhotoChecker({
    reader: createPhotoReader({ settings: config.photo }),
    pipeline,
    scan: national,
    findings: store.findings,
    leads: leads.sink,
    ...(config.photo.keepImages
      ? { keepImage: (sha256: string, bytes: Buffer) => store.photos.keep(sha256, bytes) }
      : {}),
  });
  const jobs = await JobStore.open(store, { leaseMs: config.batch.jobLeaseMs });
  /** Stops the jobs this instance resumed, at `close` (they are given back for any instance to claim). */
  const resuming = new AbortController();
  let resumeRound: Promise<number> | undefined;
  const limit = await QueryRateLimit.open(store, config.chat);
  const ledger = createLedgerService({
    config,
    store,
    ledger: ledgerStore,
    pipeline,
    today,
    send: opts.send,
    reachable: opts.reachable,
    budgetOf: (to) => ({ take: (count, now) => limit.take(to, count, now) }),
    runs: new ClaimedRuns(store.db, { holder: instanceId(), leaseMs: DAY_RUN_LEASE_MS }),
  });
  const jobDeps = {
    pipeline,
    jobs,
    limits: config.batch,
    platformReadyAt: () => national.breaker.openUntil,
    budgetOf: (job: BatchJob) => chatBudget(limit, job),
  };

  /** A finished roster as it goes back to the chat: annotated, with its problem list. */
  const papersOf = (result: BatchResult, job: BatchJob) =>
    batchPapers(result, {
      fileName: job.fileName,
      fullIds: job.fullIds,
      requester: job.requester,
      ...selfCheckFacts(config, ledger, job.requester.enterprise),
    });

  const chat: ChatServices = {
    pipeline,
    photos,
    store,
    ledger: ledger.chat,
    now: () => new Date(),
    today,
    async runBatch(file, requester, progress, to, fullIds) {
      const { job, result } = await startBatchJob(
        {
          file,
          requester,
          today: today(),
          target: chatTarget(to),
          fullIds,
        },
        { ...jobDeps, onProgress: (e) => progress(describeProgress(e)) },
      );
      const files = await papersOf(result, job);
      await jobs.markDelivered(job.id);
      await selfChecks?.batchDone();
      return { files, summary: batchReplyText(result, RESEND_ROSTER) };
    },
    async exportReport(kind, requester, fullIds) {
      const { enterprise } = requester;
      const scope: ExportScope = {
        store,
        enterprise,
        today: today(),
        leadStanding: await leadStandingsIn(leads.outbox),
        ...selfCheckFacts(config, ledger, enterprise),
      };
      const file =
        kind === SELF_CHECK_KIND
          ? await exportSelfCheckReport(scope, { fullIds, settings: improvementSettingsOf(config) })
          : await exportReport(kind, { ...scope, format: 'xlsx', fullIds });
      return { name: file.name, bytes: file.bytes };
    },
  };

  return {
    config,
    store,
    pipeline,
    national,
    ledger,
    photos,
    chat,
    leads,
    reviewLeads: (signal) =>
      reviewDueLeads(
        { outbox: leads.outbox, pipeline, today, ...(leads.sender && { sender: leads.sender }) },
        signal,
      ),
    resumeBatches() {
      // One round at a time: the host's tick asks again while a long roster is still running.
      resumeRound ??= resumeJobs({
        ...jobDeps,
        signal: resuming.signal,
        // Back through the door the roster came from (`to.door`): a finished job whose door is down here waits
        // for an instance where it runs (a WeCom reply goes only from the instance holding the robot's lease).
        canDeliver: (job) => !!opts.send && opts.reachable?.(jobAddress(job)) !== false,
        deliver: async (job, result) => {
          const to = jobAddress(job);
          if (!opts.send || opts.reachable?.(to) === false) throw new Error('the chat door is not running');
          const files = await papersOf(result, job);
          opts.send({
            to,
            content: {
              kind: 'text',
              text: `重启前收到的名单「${job.fileName}」已核验完：${batchReplyText(result, RESEND_ROSTER)}`,
            },
          });
          for (const file of files) opts.send({ to, content: { kind: 'file', file } });
          await selfChecks?.batchDone();
        },
      }).finally(() => {
        resumeRound = undefined;
      });
      return resumeRound;
    },
    async close() {
      resuming.abort(new Error('the bot is stopping'));
      await resumeRound?.catch(() => {});
      jobs.close();
      const summariesThenLeads = async () => {
        await selfChecks?.stop();
        await leads.close();
      };
      await Promise.allSettled([solver.terminate?.(), photos.close(), summariesThenLeads()]);
      await store.close();
      log.debug('services closed');
    },
  };
}

/** What the papers state of `enterprise` beyond the checks: its settings (责任人 …) and its ledger by class. */
export function selfCheckFacts(
  config: Config,
  ledger: Pick<LedgerService, 'byClass'>,
  enterprise: string | undefined,
): { profile?: EnterpriseProfile; ledger?: LedgerByClass } {
  if (enterprise === undefined) return {};
  const profile = config.selfCheck.enterprises[enterprise];
  const byClass = ledger.byClass(enterprise);
  return { ...(profile && { profile }), ...(byClass && { ledger: byClass }) };
}

function chatTarget(to: ChatAddress) {
  return { kind: 'chat' as const, conversationId: to.roomId ?? to.userId, userId: to.userId, address: to };
}

/** Where a chat job's result goes back to. */
function jobAddress(job: BatchJob): ChatAddress {
  if (job.target.kind !== 'chat') throw new Error(`batch job ${job.id} is not a chat's`);
  return job.target.address ?? { userId: job.target.userId ?? job.target.conversationId };
}

/** A chat roster's rows count in its sender's hourly budget; the CLI's own jobs are not limited. */
function chatBudget(limit: QueryRateLimit, job: BatchJob): RunBudget | undefined {
  if (job.target.kind !== 'chat') return undefined;
  const { address, userId, conversationId } = job.target;
  const user = address ?? { userId: userId ?? conversationId };
  return { take: (count, now) => limit.take(user, count, now) };
}
