/**
 * Every setting, validated. `config/default.json` holds the defaults a user edits; this schema is the truth
 * about what keys exist. Unknown keys are refused so a typo never passes silently.
 */
import { z } from 'zod';
import { isCalendarDate } from '../domain/dates.js';
import { CHAT_DOORS, chatIdProblem } from './chat-ids.js';

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

/** A group robot's key, never its whole webhook address (which would also be the secret in another form). */
const webhookKey = z
  .string()
  .refine((k) => !/[/:?=]/.test(k), '只填 Webhook 地址中 key= 后面的部分，不要填整个地址');

const reviewRegime = z.strictObject({ from: date, mode: z.enum(['review', 'renewal']) });

/** One retirement-age track: from a birth month (`YYYY-MM`) the age rises one month per `monthsPerStep`. */
const retirementTrack = z
  .strictObject({
    fromBirthMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 YYYY-MM 格式的年月'),
    baseAge: z.number().int().min(0).max(100),
    monthsPerStep: z.number().int().min(1),
    maxAge: z.number().int().min(0).max(100),
  })
  .refine((t) => t.maxAge >= t.baseAge, '封顶年龄 maxAge 不能小于起步年龄 baseAge');

export const configSchema = z.strictObject({
  /** Where runtime files live (store, sessions, jobs). */
  dataDir: z.string().min(1),
  /** Fixed "today" for reproducible runs; empty = the real date in China time. */
  today: z.union([date, z.literal('')]),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
  rules: z.strictObject({
    /** Warn this many days before validUntil / reviewDue. */
    warnDays: z.number().int().min(0).max(3650),
    /** A review recorded earlier than reviewDue minus this many days (or after reviewDue) gets a warning. */
    reviewDoneWindowDays: z.number().int().min(0).max(3650),
    /**
     * Which rule applies, by the certificate's due date (reviewDue for the review, validUntil for what expiry
     * calls for); the latest `from` <= that date wins.
     */
    reviewRegimes: z.array(reviewRegime).min(1),
    /** Minimum age at first issue of a special-operations certificate. */
    minAge: z.number().int().min(0),
    /**
     * Days a new certificate may take to appear on the platform: a `fake_certificate` lead is held (待复核) and the
     * person looked up again this many days after the finding's day, before it goes to the bureau (0: sent at once).
     */
    newCertificateDays: z.number().int().min(0).max(60),
    /** Statutory retirement age schedule (2025 reform) by track, and the track a woman's warning assumes. */
    retirement: z.strictObject({
      male: retirementTrack,
      female50: retirementTrack,
      female55: retirementTrack,
      femaleTrack: z.enum(['female50', 'female55']),
    }),
  }),
  lookup: z.strictObject({
    /** Base URL of the national platform (or the simulator). */
    baseUrl: z.url(),
    captchaPath: z.string().startsWith('/'),
    queryPath: z.string().startsWith('/'),
    /**
     * Base URL of the official account's QR scan (wxcx.mem.gov.cn); empty: derived from `baseUrl` (the real
     * platform's scan host, or `baseUrl` itself for the simulator, which serves both).
     */
    scanBaseUrl: z.union([z.literal(''), z.url()]),
    scanPath: z.string().startsWith('/'),
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
    /**
     * Platform field names inside `data`, by our field name; the real ones are not officially published. A
     * name (in any letter case, as the parser matches it) may stand under one field only: under two, the
     * first field listed would silently take the other's value.
     */
    fieldAliases: z.record(z.string(), z.array(z.string())).superRefine((aliases, ctx) => {
      const owner = new Map<string, string>();
      for (const [field, names] of Object.entries(aliases)) {
        for (const name of names) {
          const first = owner.get(name.toLowerCase());
          if (first === undefined) owner.set(name.toLowerCase(), field);
          else if (first !== field)
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: `平台字段名「${name}」同时列在 ${first} 和 ${field} 下；一个平台字段只能对应一项，请从其中一项删去`,
            });
        }
      }
    }),
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
    /** The hourly budget of an admin (ids in `admins`). */
    maxQueriesPerHourAdmin: z.number().int().min(1),
    /** The hourly budget of an enterprise's own manager: a contact whose id is a key of `enterprises`. */
    maxQueriesPerHourManager: z.number().int().min(1),
    sendIntervalMs: z.number().int().min(0),
    maxMessageChars: z.number().int().min(100),
    sendRetries: z.number().int().min(0),
    /** Enterprise name per room or contact id, for findings, statistics and who may see a holder's name. */
    enterprises: byChatId,
  }),
  bot: z.strictObject({
    /** The doors `cert-verify bot` opens; empty: every door whose settings are filled in. */
    transports: z.array(z.enum(CHAT_DOORS)),
  }),
  wechaty: z.strictObject({
    /** Open the Wechaty door without naming it in `bot.transports` or `--transport`. */
    enabled: z.boolean(),
    name: z.string(),
    puppet: z.string(),
    puppetToken: z.string(),
  }),
  /** WeCom: the API host (tests point it at a fake), the intelligent robot, and the group robots (群机器人) that receive notices. */
  wecom: z.strictObject({
    apiBaseUrl: z.url(),
    /** The WeCom intelligent robot's long connection; empty botId = door not configured. */
    bot: z.strictObject({
      botId: z.string(),
      secret: z.string(),
      /** `wss://openws.work.weixin.qq.com`, or the address a private deployment shows in its admin console. */
      wsUrl: z.url({ protocol: /^wss?$/ }),
    }),
    webhook: z.strictObject({
      /** The default group robot: the part after `key=` in its webhook address; empty = none. */
      key: webhookKey,
      /** More group robots by name (`notify --group NAME`), each by its key. */
      groups: z.record(
        z.string().min(1),
        webhookKey.refine((k) => k !== '', '群机器人的 key 不能为空'),
      ),
    }),
  }),
  /**
   * Bounds of every HTTP server the project runs (the service account's callback, `bureau serve`, `simulator`):
   * see util/http-server.ts.
   */
  http: z
    .strictObject({
      headersTimeoutMs: z.number().int().min(100),
      requestTimeoutMs: z.number().int().min(100),
      keepAliveTimeoutMs: z.number().int().min(100),
      maxConnections: z.number().int().min(1),
    })
    .refine((h) => h.headersTimeoutMs <= h.requestTimeoutMs, {
      message: 'http.headersTimeoutMs 不能大于 http.requestTimeoutMs（请求头是整个请求的一部分）',
      path: ['headersTimeoutMs'],
    }),
  /** The WeChat service account (服务号) callback door; empty appId = not configured. */
  mp: z
    .strictObject({
      appId: z.string(),
      appSecret: z.string(),
      /** The server configuration's Token: 3–32 letters or digits (empty when not configured). */
      token: z.union([
        z.literal(''),
        z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'Token 应为 3–32 位英文字母或数字'),
      ]),
      /** The EncodingAESKey: exactly 43 letters or digits (empty: plain mode only). */
      encodingAesKey: z.union([
        z.literal(''),
        z.string().regex(/^[A-Za-z0-9]{43}$/, 'EncodingAESKey 应为 43 位英文字母或数字'),
      ]),
      /**
       * 消息加解密方式 as chosen in 服务器配置: `plain` (明文模式), `compat` (兼容模式), `safe` (安全模式); empty: `safe`
       * when `encodingAesKey` is set, else `plain`.
       */
      mode: z.enum(['', 'plain', 'compat', 'safe']),
      host: z.string().min(1),
      port: z.number().int().min(0).max(65535),
      path: z.string().startsWith('/'),
      apiBaseUrl: z.url(),
    })
    .refine((mp) => mp.encodingAesKey !== '' || (mp.mode !== 'compat' && mp.mode !== 'safe'), {
      message: '兼容模式（compat）和安全模式（safe）需要填写 mp.encodingAesKey；不加密请设 mp.mode 为 plain',
      path: ['mode'],
    }),
  store: z.strictObject({
    /**
     * The bot's own database: postgres://… (several instances share it); empty = embedded PGlite in
     * `<dataDir>/store/pg`, held by one process.
     */
    databaseUrl: z.union([
      z.literal(''),
      z.string().regex(/^postgres(ql)?:\/\//, '应为 postgres:// 开头的数据库地址，或留空使用内置数据库'),
    ]),
    /** The schema its tables live in (the bureau may share the server: it keeps to `public`). */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, '应为小写字母、数字和下划线组成的名称，以字母或下划线开头'),
  }),
  bureau: z
    .strictObject({
      /** The bureau service's database: postgres://… ; empty = embedded PGlite in `<dataDir>/bureau/pg`. */
      databaseUrl: z.union([
        z.literal(''),
        z.string().regex(/^postgres(ql)?:\/\//, '应为 postgres:// 开头的数据库地址，或留空使用内置数据库'),
      ]),
      /** Where a bot sends its leads (the bureau service's address); empty = leads stay with the enterprise. */
      url: z.union([
        z.literal(''),
        z.url({ protocol: /^https?$/, error: '应为 http:// 或 https:// 开头的地址' }),
      ]),
      /** The enterprise's token the bureau issued (`bureau enterprise add`); a secret. */
      token: z.string(),
      /** For `bureau serve`: leads one enterprise token may post per minute (above: 429 with Retry-After). */
      intakePerMinute: z.number().int().min(1),
      /** For `bureau serve`: leads one enterprise may have stored per China day (the console shows it). */
      intakePerDay: z.number().int().min(1),
      /**
       * For the monthly statistics (附件3): the month the 累计数据 column sums from, `YYYY-MM`; empty = January of
       * the month reported.
       */
      /**
       * For the monthly statistics: the region the bureau reports for, as the table's title begins (揭阳市, 榕城区 …);
       * empty: the title without it.
       */
      region: z.string(),
      campaignStartMonth: z.union([
        z.literal(''),
        z
          .string()
          .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 YYYY-MM 格式的月份，例如 2021-12，或留空（当年 1 月）'),
      ]),
    })
    .refine((b) => b.url === '' || b.token !== '', {
      message: '设置了 bureau.url 就要同时填写应急管理局发给本企业的令牌 bureau.token',
      path: ['token'],
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
    /** How long a running batch job stays its instance's unless renewed: another instance takes it over after. */
    jobLeaseMs: z.number().int().min(1000),
  }),
  /** The enterprises' ledgers (三项岗位人员持证台账): background re-checks and reminders. */
  ledger: z.strictObject({
    /** Every person in a ledger is re-checked at least once in this many days, spread over the days. */
    recheckDays: z.number().int().min(1).max(365),
    /** Share of the platform's day (one query per `lookup.minIntervalMs`) the re-checks may use. */
    platformShare: z.number().gt(0).max(1),
    /** Platform lookups the re-checks may make in one day, whatever the share allows. */
    maxLookupsPerDay: z.number().int().min(1),
    /** China-time hour (0–23) at which the day's re-check starts. */
    recheckHour: z.number().int().min(0).max(23),
    /** China-time hour (0–23) at which each enterprise's reminder digest goes out. */
    remindHour: z.number().int().min(0).max(23),
    /** Group robot per enterprise (a name in `wecom.webhook.groups`, or `""` for `wecom.webhook.key`). */
    webhooks: z.record(z.string().min(1), z.string()),
    /** Attempts of a digest push, and the wait between them, before the admin is told. */
    pushTries: z.number().int().min(1).max(10),
    pushRetryDelayMs: z.number().int().min(0),
  }),
  /** Photos of certificates: the bounds of a decode, the official QR hosts, and whether the card is read. */
  photo: z.strictObject({
    /** Files larger than this are refused before they are parsed. */
    maxBytes: z.number().int().min(1024),
    /** width × height from the file's header, refused above this before a pixel is decoded. */
    maxPixels: z.number().int().min(10_000),
    /** The long side an image is shrunk to before reading (memory and OCR time grow with it). */
    maxLongSide: z.number().int().min(320).max(8000),
    /** A QR text longer than this is no certificate code. */
    maxQrTextChars: z.number().int().min(64),
    /** Hosts of the official lookup platform; a QR code opening any other is a fake-platform lead. */
    officialHosts: z
      .array(z.string().regex(/^[a-z0-9.-]+$/, '只填小写的域名，如 cx.mem.gov.cn（不带 https:// 和路径）'))
      .min(1),
    /** Read the printed card with the OCR engine (an optional package); false: only the QR code is read. */
    ocr: z.boolean(),
    /** Keep the image of a photo lead in the data directory (`photos/`, 0600); false: only its sha256. */
    keepImages: z.boolean(),
  }),
  /** What the self-check papers (自查整改报告, 问题清单) state of each enterprise, by its name (`chat.enterprises`). */
  selfCheck: z.strictObject({
    enterprises: z.record(
      z.string().min(1),
      z.strictObject({
        /** 设立时间, as the enterprise writes it (e.g. 2008年3月). */
        established: z.string().optional(),
        /** 法定代表人. */
        legalRepresentative: z.string().optional(),
        /** 从业人数. */
        employees: z.number().int().min(0).optional(),
        /** 业务范围. */
        business: z.string().optional(),
        /** 具体负责人 of the rectification (the problem list's 责任人); blank on the forms when unset. */
        responsible: z.string().optional(),
        /** 联系电话 of the person who fills in the forms. */
        phone: z.string().optional(),
      }),
    ),
  }),
});

export type Config = z.infer<typeof configSchema>;
