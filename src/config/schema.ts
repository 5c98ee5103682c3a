/**
 * Every setting, validated. `config/default.json` holds the defaults a user edits; this schema is the truth
 * about what keys exist. Unknown keys are refused so a typo never passes silently.
 */
import { z } from 'zod';
import { isCalendarDate } from '../domain/dates.js';
import { chatIdProblem } from './chat-ids.js';

const date = z.string().refine(isCalendarDate, '应为 YYYY-MM-DD 格式的真实日期');

/** A review regime in force from a date: `review` (3-year review) or `renewal` (6-year renewal, no review). */
/** An admin, contact or room: a stable id, never a display name (see chat-ids.ts). */
const chatId = z.string().superRefine((entry, ctx) => {
  const problem = chatIdProblem(entry);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A value per chat id (the keys checked like chatId, each issue under its key). */
const byChatId = z.record(z.string(), z.string()).superRefine((record, ctx) => {
  for (const key of Object.keys(record)) {
    const problem = chatIdProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
  }
});

const reviewRegime = z.strictObject({ from: date, mode: z.enum(['review', 'renewal']) });

export const configSchema = z.strictObject({
  /** Where runtime files live (store, sessions, jobs). */
  dataDir: z.string().min(1),
  /** Fixed "today" for reproducible runs; empty = the real date in China time. */
  today: z.union([date, z.literal('')]),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
  rules: z.strictObject({
    /** Warn this many days before validUntil / reviewDue. */
    warnDays: z.number().int().min(0).max(3650),
    /** A review counts as done when reviewedOn >= reviewDue minus this many days. */
    reviewDoneWindowDays: z.number().int().min(0).max(3650),
    /** Which review rule applies, by the certificate's reviewDue date; the latest `from` <= reviewDue wins. */
    reviewRegimes: z.array(reviewRegime).min(1),
    /** Minimum age at first issue of a special-operations certificate. */
    minAge: z.number().int().min(0),
    /** Statutory retirement age used for the warning (years). */
    retirementAge: z.strictObject({ male: z.number().int().min(0), female: z.number().int().min(0) }),
  }),
  lookup: z.strictObject({
    /** Base URL of the national platform (or the simulator). */
    baseUrl: z.url(),
    captchaPath: z.string().startsWith('/'),
    queryPath: z.string().startsWith('/'),
    /** At least this long between two queries to the platform. */
    minIntervalMs: z.number().int().min(0),
    timeoutMs: z.number().int().min(100),
    /** Attempts for one query on transport failures (timeouts, 5xx, block pages). */
    retries: z.number().int().min(0).max(20),
    retryMinDelayMs: z.number().int().min(0),
    retryMaxDelayMs: z.number().int().min(0),
    /** Fresh captchas fetched after a wrong answer before giving up. */
    captchaTries: z.number().int().min(1).max(50),
    breaker: z.strictObject({
      failureThreshold: z.number().int().min(1),
      cooldownMs: z.number().int().min(0),
    }),
    personTypeCodes: z.strictObject({ special: z.string(), manager: z.string(), principal: z.string() }),
    idcardTypeCode: z.string(),
    userAgent: z.string(),
    /** Platform field names inside `data`, by our field name; the real ones are not publicly known. */
    fieldAliases: z.record(z.string(), z.array(z.string())),
  }),
  captcha: z.strictObject({
    /** Solvers tried in order. */
    chain: z.array(z.enum(['ocr', 'http', 'operator'])).min(1),
    http: z.strictObject({
      url: z.string(),
      imageField: z.string(),
      resultField: z.string(),
      timeoutMs: z.number().int().min(100),
    }),
    operator: z.strictObject({ timeoutMs: z.number().int().min(1000) }),
  }),
  cache: z.strictObject({
    positiveTtlDays: z.number().min(0),
    negativeTtlDays: z.number().min(0),
  }),
  chat: z.strictObject({
    /** Ids (`DOOR:ID` or plain, see chat-ids.ts) of admins, allowed contacts and rooms; never display names. */
    admins: z.array(chatId),
    allowedContacts: z.array(chatId),
    allowedRooms: z.array(chatId),
    /** What a stranger gets: nothing, or a polite refusal. */
    strangers: z.enum(['ignore', 'refuse']),
    groupsNeedMention: z.boolean(),
    maxQueriesPerHour: z.number().int().min(1),
    sendIntervalMs: z.number().int().min(0),
    maxMessageChars: z.number().int().min(100),
    sendRetries: z.number().int().min(0),
    /** Enterprise name per room or contact id, for findings, statistics and who may see a holder's name. */
    enterprises: byChatId,
  }),
  wechaty: z.strictObject({
    name: z.string(),
    puppet: z.string(),
    puppetToken: z.string(),
  }),
  batch: z.strictObject({
    maxRows: z.number().int().min(1),
    maxFileBytes: z.number().int().min(1),
    maxUncompressedBytes: z.number().int().min(1),
    progressIntervalMs: z.number().int().min(0),
    /** Rounds in which a roster asks the platform again for its `unverifiable` rows (0 = none). */
    retryRounds: z.number().int().min(0).max(20),
    /** Wait before each of those rounds (the platform client's breaker cools down meanwhile). */
    retryDelayMs: z.number().int().min(0),
  }),
});

export type Config = z.infer<typeof configSchema>;
