/**
 * The reminder digest of each ledger: the events not pushed yet and the changes the re-checks found, pushed once
 * through the enterprise's door. An event pushed is remembered (ledger.json), so it never goes out twice; a day
 * with nothing new sends nothing. A push is recorded before it is made: when the process dies during it (or it
 * fails, perhaps after it reached the door), the next digest carries those events once more, marked as possibly
 * repeated. A push that fails is tried again a few times, then the admin is told and the
 * events stay unsent, to go out with the next digest: nothing is lost.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { addDays } from '../domain/dates.js';
import { maskId } from '../domain/mask.js';
import type { Rules } from '../domain/rules.js';
import type { LedgerBook, LedgerStore } from '../store/ledger-store.js';
import { logger } from '../util/logger.js';
import { type LedgerEvent, ledgerEvents, unsentEvents } from './ledger-events.js';
import { changesText, digestText } from './ledger-words.js';

const log = logger('ledger');

/** Days a pushed event is remembered after it went out (its date is in its key, so it cannot come back sooner). */
const SENT_KEPT_DAYS = 400;

/** One enterprise's digest of a day, as `remind --json` prints it. */
export interface EnterpriseDigest {
  enterprise: string;
  events: LedgerEvent[];
  /** The text that would be pushed; undefined on a quiet day. */
  digest?: string;
}

/** How a digest round went for one ledger. */
export type DigestOutcome = 'sent' | 'quiet' | 'failed' | 'off';

export interface ReminderDeps {
  ledger: LedgerStore;
  rules: Rules;
  /** Push a digest through the enterprise's door; rejects when it did not go out. */
  push: (book: LedgerBook, text: string) => Promise<void>;
  /** Tell the admin a digest could not be pushed (after every try). */
  reportFailure: (book: LedgerBook, error: unknown) => void | Promise<void>;
  tries: number;
  retryDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The digest `book` calls for on `today` (pure): the events not pushed yet, and the changes not told yet. */
export function prepareDigest(book: LedgerBook, today: string, rules: Rules): EnterpriseDigest {
  const events = unsentEvents(book, ledgerEvents(book, today, rules));
  const digest = digestText(
    book.enterprise,
    today,
    events,
    changesText(book.untoldChanges ?? {}),
    book.pushing !== undefined,
  );
  return digest === undefined
    ? { enterprise: book.enterprise, events }
    : { enterprise: book.enterprise, events, digest };
}

/** Note that `digest` went out on `today`: its events are sent, its changes told. Resolves once durable. */
export function markSent(ledger: LedgerStore, digest: EnterpriseDigest, today: string): Promise<void> {
  return ledger.change(digest.enterprise, (book) => {
    const forget = addDays(today, -SENT_KEPT_DAYS);
    for (const [key, day] of Object.entries(book.sent)) if (day < forget) delete book.sent[key];
    for (const e of digest.events) book.sent[e.key] = today;
    delete book.untoldChanges;
    delete book.pushing;
    book.lastDigestOn = today;
  });
}

/** Push the digest of `book` for `today`, unless it is off or quiet; records the outcome in the ledger. */
export async function sendDigest(
  book: LedgerBook,
  today: string,
  deps: ReminderDeps,
): Promise<DigestOutcome> {
  const markDay = () =>
    deps.ledger.change(book.enterprise, (b) => {
      b.lastDigestOn = today;
    });
  if (book.remindersOff) {
    await markDay();
    return 'off';
  }
  const digest = prepareDigest(book, today, deps.rules);
  if (digest.digest === undefined) {
    await markDay();
    return 'quiet';
  }
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  // Recorded before the push: a crash during it leaves the mark, and the next digest says it may repeat this one.
  await deps.ledger.change(book.enterprise, (b) => {
    b.pushing = { on: today, events: digest.events.map((e) => e.key) };
  });
  let lastError: unknown;
  for (let attempt = 1; attempt <= deps.tries; attempt++) {
    try {
      await deps.push(book, digest.digest);
      await markSent(deps.ledger, digest, today);
      log.info({ enterprise: book.enterprise, events: digest.events.length }, 'digest pushed');
      return 'sent';
    } catch (error) {
      lastError = error;
      log.warn({ enterprise: book.enterprise, attempt, error: String(error) }, 'digest push failed');
      if (attempt < deps.tries) await sleep(deps.retryDelayMs);
    }
  }
  await markDay();
  await deps.reportFailure(book, lastError);
  return 'failed';
}

/** A digest's events as the CLI's JSON gives them (IDs masked). */
export function eventsJson(events: readonly LedgerEvent[]) {
  return events.map((e) => ({
    status: e.status,
    idMasked: maskId(e.idNumber),
    name: e.name,
    date: e.date,
    daysLeft: e.daysLeft,
  }));
}
