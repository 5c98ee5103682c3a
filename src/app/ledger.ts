/**
 * The enterprises' ledgers over the application's services: importing a roster file, the background re-check,
 * the reminder digests and the doors they are pushed through (the enterprise's group robot when
 * `ledger.webhooks` names one, else the chat the ledger's admin last wrote from), the chat's view of them, and
 * the daily scheduler the chat host ticks.
 */

import type { ChatLedger } from '../chat/core/services.js';
import { notifierFromSettings } from '../chat/transports/webhook/index.js';
import { type ChatAddress, type ChatSend, textReply } from '../chat/types.js';
import type { Config } from '../config/schema.js';
import { todayInChina } from '../domain/dates.js';
import type { Requester } from '../domain/query.js';
import { parseTextQueries } from '../domain/text-query.js';
import { type RosterFile, readRoster } from '../roster/read/read-roster.js';
import { ledgerByClass, ledgerFileName, ledgerWorkbook } from '../roster/write/ledger-report.js';
import type { LedgerByClass } from '../roster/write/report-rows.js';
import { type CacheKey, cacheKey } from '../store/answers.js';
import { isActive, type LedgerBook, type LedgerPerson, type LedgerStore } from '../store/ledger-store.js';
import type { Store } from '../store/store.js';
import { logger } from '../util/logger.js';
import type { RunBudget } from '../verify/batch.js';
import { describeProgress } from '../verify/batch-progress.js';
import { ledgerEvents } from '../verify/ledger-events.js';
import { importIntoLedger, type LedgerImportResult } from '../verify/ledger-import.js';
import { type RecheckOutcome, runRecheck } from '../verify/ledger-recheck.js';
import {
  type EnterpriseDigest,
  markSent,
  prepareDigest,
  type ReminderDeps,
  sendDigest,
} from '../verify/ledger-reminders.js';
import { type DayRuns, LedgerScheduler } from '../verify/ledger-scheduler.js';
import { importText, overviewText } from '../verify/ledger-words.js';
import type { Pipeline } from '../verify/pipeline.js';

const log = logger('ledger');

export interface LedgerServiceDeps {
  config: Config;
  store: Pick<Store, 'cache'>;
  ledger: LedgerStore;
  pipeline: Pipeline;
  /** The date statuses are judged on. */
  today: () => string;
  now?: () => Date;
  /** The chat's send and whether a conversation's door is up (the bot); absent at the command line. */
  send?: ChatSend;
  reachable?: (to: ChatAddress) => boolean;
  /** The hourly budget of a chat user, which a roster sent for the ledger spends as any roster does. */
  budgetOf?: (to: ChatAddress) => RunBudget;
  /** Claims the scheduler's daily runs across instances on one database (absent: this process alone). */
  runs?: DayRuns;
}

/** What the CLI and the bot do with the ledgers. */
export interface LedgerService {
  ledger: LedgerStore;
  chat: ChatLedger;
  /** Import a roster file into an enterprise's ledger, verifying the people added unless `verify` is false. */
  importFile(
    enterprise: string,
    file: RosterFile,
    options: { verify: boolean; requester: Requester; onTick?: (done: number, total: number) => void },
  ): Promise<LedgerImportResult>;
  /** The people in post of an enterprise's ledger by class; undefined when it has none (the 检查表 says which). */
  byClass(enterprise: string): LedgerByClass | undefined;
  /** Mark the people of `idNumbers` in an enterprise's ledger as left on `today`; resolves with how many. */
  markLeft(enterprise: string, idNumbers: readonly string[], today: string): Promise<number>;
  /** Run today's re-check. */
  recheck(today: string, signal?: AbortSignal): Promise<RecheckOutcome>;
  /** Every ledger's digest of `today` (nothing is sent), reminders switched off left out. */
  digests(today: string): EnterpriseDigest[];
  /** How digests are pushed and failures told. */
  reminderDeps(): ReminderDeps;
  /** The daily rounds, ticked by the chat host. */
  scheduler(): LedgerScheduler;
}

/** Build the ledger service. */
export function createLedgerService(deps: LedgerServiceDeps): LedgerService {
  const { config, ledger, pipeline } = deps;
  const now = deps.now ?? (() => new Date());
  /** The cache key a person's re-check asks first. */
  const keyOf = (person: LedgerPerson): CacheKey => ({
    personType: person.latest?.personType ?? person.personType ?? 'special',
    idNumber: person.idNumber,
    name: person.name,
  });
  /** Whether a fresh cached answer covers a person, for everybody still on a ledger (one query). */
  const cachedNow = async (): Promise<(person: LedgerPerson) => boolean> => {
    const people = ledger.books.flatMap((b) => b.people.filter(isActive));
    const fresh = await deps.store.cache.freshKeys(people.map(keyOf), now());
    return (person) => fresh.has(cacheKey(keyOf(person)));
  };

  const importFile: LedgerService['importFile'] = async (enterprise, file, options) => {
    const today = deps.today();
    const roster = await readRoster(file, config.batch, today);
    return importIntoLedger(enterprise, roster, {
      ledger,
      requester: options.requester,
      today,
      ...(options.verify ? { verify: { pipeline, onTick: options.onTick } } : {}),
    });
  };

  const push = async (book: LedgerBook, text: string): Promise<void> => {
    const webhooks = config.ledger.webhooks;
    if (Object.hasOwn(webhooks, book.enterprise)) {
      const group = webhooks[book.enterprise] || undefined;
      await notifierFromSettings(config.wecom, group).notify(text);
      return;
    }
    if (book.chat && deps.send && deps.reachable?.(book.chat) !== false) {
      deps.send(textReply(book.chat, text));
      return;
    }
    throw new Error(`「${book.enterprise}」没有配置群机器人（ledger.webhooks），也没有可以推送的会话`);
  };

  const reminderDeps = (): ReminderDeps => ({
    ledger,
    rules: config.rules,
    push,
    tries: config.ledger.pushTries,
    retryDelayMs: config.ledger.pushRetryDelayMs,
    reportFailure: (book, error) => {
      log.error({ enterprise: book.enterprise, error: String(error) }, 'digest not pushed');
      if (book.chat && deps.send && deps.reachable?.(book.chat) !== false) {
        deps.send(textReply(book.chat, pushFailedText(book.enterprise, error, config.ledger.pushTries)));
      }
    },
  });

  const markLeft: LedgerService['markLeft'] = async (enterprise, idNumbers, today) => {
    if (ledger.book(enterprise) === undefined) return 0;
    const wanted = new Set(idNumbers);
    return ledger.change(enterprise, (book) => {
      let marked = 0;
      for (const p of book.people) {
        if (wanted.has(p.idNumber) && p.left === undefined) {
          p.left = today;
          marked++;
        }
      }
      return marked;
    });
  };

  const chat: ChatLedger = {
    overview(enterprise) {
      const book = ledger.book(enterprise);
      const today = deps.today();
      return overviewText(book, book ? ledgerEvents(book, today, config.rules) : [], today);
    },
    async exportFile(enterprise, fullIds) {
      const book = ledger.book(enterprise);
      if (book === undefined || book.people.length === 0) return undefined;
      const today = deps.today();
      return {
        name: ledgerFileName(enterprise, today),
        bytes: await ledgerWorkbook(book, { fullIds, today }),
      };
    },
    async importRoster(enterprise, file, requester, to, progress) {
      await ledger.change(enterprise, (book) => {
        book.chat = to;
      });
      const today = deps.today();
      const roster = await readRoster(file, config.batch, today);
      const result = await importIntoLedger(enterprise, roster, {
        ledger,
        requester: { ...requester, file: file.name },
        today,
        verify: {
          pipeline,
          budget: deps.budgetOf?.(to),
          progressIntervalMs: config.batch.progressIntervalMs,
          onProgress: (e) => progress(describeProgress(e)),
        },
      });
      const skipped = result.skippedRows
        .slice(0, 5)
        .map((r) => `第 ${r.row} 行：${r.problems.join('；')}`)
        .join('\n');
      const text = importText(enterprise, result, result.verifiedSummary);
      return skipped ? `${text}\n跳过的行：\n${skipped}` : text;
    },
    async remindNow(enterprise, to) {
      const book = ledger.book(enterprise);
      if (book === undefined) return overviewText(undefined, [], deps.today());
      const today = deps.today();
      const events = ledgerEvents(book, today, config.rules);
      const digest = prepareDigest({ ...book, sent: {} }, today, config.rules);
      if (digest.digest === undefined) return `「${enterprise}」目前没有需要提醒的到期事项。`;
      await markSent(ledger, { ...digest, events }, today);
      await ledger.change(enterprise, (b) => {
        b.chat ??= to;
      });
      return digest.digest;
    },
    async markLeft(enterprise, text) {
      const today = deps.today();
      const ids = parseTextQueries(text, today)
        .queries.filter((q) => q.valid)
        .map((q) => q.idNumber);
      if (ids.length === 0) return '请写明离职人员的身份证号，例如：离职 11010519491231002X';
      const marked = await markLeft(enterprise, ids, today);
      return marked === 0
        ? `「${enterprise}」台账中没有这些在职人员，未作改动。`
        : `已把 ${marked} 人标记为离职（${today}）：历史记录保留，不再复查和提醒。`;
    },
    async setReminders(enterprise, on, to) {
      await ledger.change(enterprise, (book) => {
        if (on) delete book.remindersOff;
        else book.remindersOff = true;
        book.chat = to;
      });
      const hour = `${config.ledger.remindHour}:00`;
      return on
        ? `已打开「${enterprise}」的持证提醒：每天 ${hour}（北京时间）推送新出现的到期、逾期和查不到的人员，没有新事项的日子不打扰。`
        : `已关闭「${enterprise}」的持证提醒。发送“提醒 开”可重新打开，发送“提醒”可随时查看。`;
    },
  };

  const recheck = async (today: string, signal?: AbortSignal) =>
    runRecheck({
      ledger,
      pipeline,
      cached: await cachedNow(),
      today,
      signal,
      settings: { ...config.ledger, minIntervalMs: config.lookup.minIntervalMs },
    });

  return {
    ledger,
    chat,
    byClass(enterprise) {
      const book = ledger.book(enterprise);
      return book === undefined || book.people.length === 0 ? undefined : ledgerByClass(book);
    },
    importFile,
    markLeft,
    recheck,
    digests: (today) =>
      ledger.books.filter((b) => !b.remindersOff).map((b) => prepareDigest(b, today, config.rules)),
    reminderDeps,
    scheduler: () =>
      new LedgerScheduler({
        ledger,
        now,
        today: () => config.today || todayInChina(now()),
        recheckHour: config.ledger.recheckHour,
        remindHour: config.ledger.remindHour,
        recheck: (today, signal) => recheck(today, signal),
        digest: (book, today) => sendDigest(book, today, reminderDeps()),
        ...(deps.runs && { runs: deps.runs }),
      }),
  };
}

/** What the admin is told when a digest could not be pushed. */
function pushFailedText(enterprise: string, error: unknown, tries: number): string {
  const why = error instanceof Error ? error.message : String(error);
  return `「${enterprise}」今天的持证提醒没能推送（${why}），已尝试 ${tries} 次。提醒事项没有丢失，会随下一次提醒一起发送；也可以发送“提醒”立即查看。`;
}
