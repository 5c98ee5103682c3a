/**
 * The national-platform client (cx.mem.gov.cn): one query = fetch a captcha, solve it, query, parse.
 * A refused captcha fetches a fresh one (lookup.captchaTries); timeouts, 5xx, block pages and unreadable answers
 * retry with exponential backoff and jitter (p-retry); definite answers and bad input stop at once.
 * The QR scan (`scan`, no captcha) takes the same queue, pace and breaker.
 * Polite: one query at a time, at most one every lookup.minIntervalMs, and a circuit breaker that stops asking
 * after repeated failures. Never turns a failure into "nothing found".
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AxiosError, AxiosInstance } from 'axios';
import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import type { Config } from '../../config/schema.js';
import type { CertKind, LookupAnswer, PersonType } from '../../domain/certificate.js';
import {
  BlockedError,
  CaptchaError,
  type ErrorCode,
  InputError,
  LookupError,
  UnexpectedAnswerError,
  UnreachableError,
} from '../../domain/errors.js';
import { maskId } from '../../domain/mask.js';
import { assertNever } from '../../domain/status.js';
import { logger } from '../../util/logger.js';
import type { CaptchaSolver } from '../captcha/solver.js';
import { memoryPacer, type Pacer, PRIORITY_RANK } from '../pacer.js';
import type {
  CertificateLookup,
  CertificateScan,
  LookupPriority,
  LookupRequest,
  ScanAnswer,
} from '../port.js';
import { CircuitBreaker } from './breaker.js';
import { decodeBody } from './decode-body.js';
import { htmlPageError, looksLikeHtml } from './html-page.js';
import type { RawAnswer, rawAnswer } from './http-session.js';
import { type CaptchaChallenge, CaptchaMiss, parseCaptchaAnswer, parseQueryAnswer } from './parse.js';
import { parseScanAnswer } from './parse-scan.js';

const log = logger('national');

export type LookupSettings = Config['lookup'];

/** Injected for tests and benchmarks: the pause between retries and queries, the jitter, the clock, HTTP. */
export interface NationalLookupOptions {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the backoff jitter. */
  random?: () => number;
  now?: () => number;
  /** The HTTP session (default: createHttpSession from the settings); tests may add interceptors to it. */
  http?: AxiosInstance;
  /** The scan host's HTTP session (default: createHttpSession on scanBaseUrlOf(settings)). */
  scanHttp?: AxiosInstance;
  /**
   * The platform's pace (default: this process alone, `memoryPacer`); several instances on one database pass the
   * store's, which they share.
   */
  pacer?: Pacer;
}

/** The loaded HTTP session and the function that reads its answers. */
interface HttpSession {
  http: AxiosInstance;
  rawAnswer: typeof rawAnswer;
}

/** What the client has done so far, for benchmarks and logs. */
export interface NationalLookupCounters {
  /** lookup() calls that reached the queue (bad input and open-circuit rejections excluded). */
  queries: number;
  /** Answered queries (certificates or nothing found). */
  answered: number;
  /** Answered queries that found at least one certificate. */
  found: number;
  /** Attempts, retries included. */
  attempts: number;
  /** Captchas fetched and solved (one per try). */
  captchaTries: number;
  /** Captchas the platform refused (wrong or expired) or the solver could not read. */
  captchaMisses: number;
  /** scan() calls that reached the queue (counted in `answered` and `found` too). */
  scans: number;
  /** Failed attempts by error code. */
  attemptFailures: Partial<Record<ErrorCode, number>>;
  /** Queries that ended in an error, by error code (circuit-open rejections included). */
  failures: Partial<Record<ErrorCode, number>>;
}

/** The national platform as a CertificateLookup and its QR scan, with its counters and breaker state. */
export interface NationalLookup extends CertificateLookup, CertificateScan {
  counters(): NationalLookupCounters;
  readonly breaker: CircuitBreaker;
}

const REFERER_PAGE: Record<CertKind, string> = { special: '/special?index=0', safety: '/safety?index=1' };
const FULL_ID = /^\d{17}[\dX]$/;
/** A QR token as the platform issues them (letters, digits, `-` and `_`), never longer than a URL part. */
const SCAN_TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
const REAL_PLATFORM_HOST = 'cx.mem.gov.cn';
const REAL_SCAN_HOST = 'wxcx.mem.gov.cn';

/** The certificate a person type holds: special-operations workers hold `special`, the others `safety`. */
function certKindOf(personType: PersonType): CertKind {
  switch (personType) {
    case 'special':
      return 'special';
    case 'manager':
    case 'principal':
      return 'safety';
    default:
      return assertNever(personType);
  }
}

/** Build the client. `solver` reads the captchas (see createCaptchaSolver). */
export function createNationalLookup(
  settings: LookupSettings,
  solver: CaptchaSolver,
  opts: NationalLookupOptions = {},
): NationalLookup {
  const sleep = opts.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  /** The HTTP session, made on the first call: a run answered from the cache and registry never loads axios. */
  let session: Promise<HttpSession> | undefined;
  const httpSession = () =>
    (session ??= import('./http-session.js').then((m) => ({
      http: opts.http ?? m.createHttpSession(settings),
      rawAnswer: m.rawAnswer,
    })));
  /** The scan host's session (another host than the queries', so its own cookies), made on the first scan. */
  let scanHttp: Promise<HttpSession> | undefined;
  const scanSession = () =>
    (scanHttp ??= import('./http-session.js').then((m) => ({
      http: opts.scanHttp ?? m.createHttpSession({ ...settings, baseUrl: scanBaseUrlOf(settings) }),
      rawAnswer: m.rawAnswer,
    })));
  const breaker = new CircuitBreaker(settings.breaker, now);
  const queue = new PQueue({ concurrency: 1 });
  const counters: NationalLookupCounters = {
    queries: 0,
    answered: 0,
    found: 0,
    attempts: 0,
    captchaTries: 0,
    captchaMisses: 0,
    scans: 0,
    attemptFailures: {},
    failures: {},
  };
  const pacer = opts.pacer ?? memoryPacer(settings.minIntervalMs, now, sleep);

  const count = (table: Partial<Record<ErrorCode, number>>, code: ErrorCode) => {
    table[code] = (table[code] ?? 0) + 1;
  };

  /** GET a platform path; transport failures and error statuses become typed errors. */
  async function get(
    path: string,
    kind: CertKind,
    params: Record<string, string> | undefined,
    signal?: AbortSignal,
  ) {
    let answer: RawAnswer;
    const { http, rawAnswer } = await httpSession();
    try {
      const response = await http.get<ArrayBuffer>(path, {
        params,
        signal,
        headers: { Referer: `${settings.baseUrl.replace(/\/+$/, '')}${REFERER_PAGE[kind]}` },
      });
      answer = rawAnswer(response);
    } catch (error) {
      throw transportError(error, settings.timeoutMs, signal);
    }
    return checkStatus(answer);
  }

  async function fetchCaptcha(kind: CertKind, signal?: AbortSignal): Promise<CaptchaChallenge> {
    const { body, contentType } = await get(settings.captchaPath, kind, undefined, signal);
    return parseCaptchaAnswer(body, contentType);
  }

  /** One attempt: up to captchaTries captchas, each solved and used for the query. */
  async function attempt(request: LookupRequest, signal?: AbortSignal): Promise<LookupAnswer> {
    const priority = request.priority ?? 'chat';
    counters.attempts++;
    const kind = certKindOf(request.personType);
    let lastMiss: unknown;
    for (let tries = 0; tries < settings.captchaTries; tries++) {
      const challenge = await fetchCaptcha(kind, signal);
      counters.captchaTries++;
      let code = '';
      if (challenge.image) {
        try {
          code = await solver.solve(challenge.image, signal);
        } catch (error) {
          signal?.throwIfAborted();
          counters.captchaMisses++;
          lastMiss = error;
          continue;
        }
      }
      await pacer.wait(priority, signal);
      const { body, contentType } = await get(
        settings.queryPath,
        kind,
        {
          name: request.name,
          idcardNum: request.idNumber,
          idcardTypeCode: settings.idcardTypeCode,
          personTypeCode: settings.personTypeCodes[request.personType],
          searchType: '1',
          code,
          uuid: challenge.uuid,
        },
        signal,
      );
      try {
        const answer = parseQueryAnswer(body, contentType, settings.fieldAliases, kind, request);
        if (code) solver.feedback?.(code, true);
        return answer;
      } catch (error) {
        if (!(error instanceof CaptchaMiss)) throw error;
        if (code && error.reason === 'wrong') solver.feedback?.(code, false);
        counters.captchaMisses++;
        lastMiss = error;
        log.debug(
          { id: maskId(request.idNumber), reason: error.reason },
          'captcha refused, fetching a fresh one',
        );
      }
    }
    throw new CaptchaError(`验证码连续 ${settings.captchaTries} 次未通过，请稍后再试或改用人工识别验证码`, {
      cause: lastMiss,
    });
  }

  /** Retry transport failures with exponential backoff and full jitter; anything else ends the query. */
  async function retrying<T>(logged: object, once: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return pRetry(
      async () => {
        try {
          return await once();
        } catch (error) {
          if (error instanceof LookupError) count(counters.attemptFailures, error.code);
          if (isTransportFailure(error)) throw error;
          throw new AbortError(error instanceof Error ? error : new Error(String(error)));
        }
      },
      {
        retries: settings.retries,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          log.warn(
            { ...logged, attempt: attemptNumber, code: (error as LookupError).code, retriesLeft },
            'lookup attempt failed',
          );
          if (retriesLeft > 0) await sleep(backoffMs(attemptNumber, settings, random), signal);
        },
      },
    );
  }

  /** Turn a call away at once while the breaker is open (counted as a failure, not as a query). */
  function admit(): void {
    try {
      breaker.check();
    } catch (error) {
      count(counters.failures, (error as LookupError).code);
      throw error;
    }
  }

  /** Run `work` in the platform's one queue at `priority`, behind the breaker; its failures feed the breaker. */
  function queued<T>(work: () => Promise<T>, priority: LookupPriority, signal?: AbortSignal): Promise<T> {
    return queue.add(
      async () => {
        try {
          breaker.check();
          const answer = await work();
          breaker.success();
          return answer;
        } catch (error) {
          if (error instanceof LookupError) {
            count(counters.failures, error.code);
            if (isTransportFailure(error)) breaker.failure();
            else if (error.code !== 'circuit_open') breaker.success();
          }
          throw error;
        }
      },
      { signal, priority: PRIORITY_RANK[priority] },
    );
  }

  async function lookup(request: LookupRequest, signal?: AbortSignal): Promise<LookupAnswer> {
    const idNumber = request.idNumber.trim().toUpperCase();
    const name = request.name.trim();
    if (!FULL_ID.test(idNumber)) throw new InputError(`证件号码格式不正确：${maskId(idNumber)}`);
    if (!name) throw new InputError('查询全国平台需要姓名');
    const priority = request.priority ?? 'chat';
    const asked: LookupRequest = { idNumber, name, personType: request.personType, priority };
    const work = async () => {
      const answer = await retrying(
        { id: maskId(idNumber), personType: asked.personType },
        () => attempt(asked, signal),
        signal,
      );
      counters.answered++;
      if (answer.current.length + answer.history.length > 0) counters.found++;
      log.debug(
        {
          id: maskId(idNumber),
          personType: asked.personType,
          current: answer.current.length,
          history: answer.history.length,
        },
        'lookup answered',
      );
      return answer;
    };
    admit();
    counters.queries++;
    return queued(work, priority, signal);
  }

  /** One scan: POST the token to the scan host, paced like a query; no captcha. */
  async function scanOnce(
    token: string,
    priority: LookupPriority,
    signal?: AbortSignal,
  ): Promise<ScanAnswer> {
    counters.attempts++;
    await pacer.wait(priority, signal);
    const { http, rawAnswer } = await scanSession();
    let answer: RawAnswer;
    try {
      answer = rawAnswer(
        await http.post<ArrayBuffer>(settings.scanPath, JSON.stringify({ qrcode: token }), {
          signal,
          headers: { 'Content-Type': 'application/json;charset=UTF-8' },
        }),
      );
    } catch (error) {
      throw transportError(error, settings.timeoutMs, signal);
    }
    checkStatus(answer);
    return parseScanAnswer(answer.body, answer.contentType, settings.fieldAliases);
  }

  async function scan(token: string, priority: LookupPriority = 'chat', signal?: AbortSignal) {
    const cleaned = token.trim();
    if (!SCAN_TOKEN.test(cleaned)) throw new InputError('二维码中的证件编码格式不正确');
    admit();
    counters.scans++;
    return queued(
      async () => {
        const result = await retrying({ scan: true }, () => scanOnce(cleaned, priority, signal), signal);
        counters.answered++;
        if (result.found) counters.found++;
        return result;
      },
      priority,
      signal,
    );
  }

  return { lookup, scan, counters: () => structuredClone(counters), breaker };
}

/** A 2xx answer as is; any other status as the typed error it means. */
function checkStatus(answer: RawAnswer): RawAnswer {
  const { status, contentType, body } = answer;
  if (status >= 200 && status < 300) return answer;
  if (status >= 500) throw new UnreachableError(`查询平台暂时故障（HTTP ${status}）`);
  const text = decodeBody(body, contentType);
  if (looksLikeHtml(text, contentType)) throw htmlPageError(text, status);
  if (status === 403 || status === 429) throw new BlockedError(`查询平台拒绝访问（HTTP ${status}）`);
  throw new UnexpectedAnswerError(`查询平台返回了意外的状态（HTTP ${status}）`);
}

/**
 * Where the QR scan is asked: `scanBaseUrl`, else the real scan host when `baseUrl` is the real platform, else
 * `baseUrl` itself (the simulator serves both).
 */
export function scanBaseUrlOf(settings: Pick<LookupSettings, 'baseUrl' | 'scanBaseUrl'>): string {
  if (settings.scanBaseUrl) return settings.scanBaseUrl;
  const { hostname } = new URL(settings.baseUrl);
  return hostname === REAL_PLATFORM_HOST ? `https://${REAL_SCAN_HOST}` : settings.baseUrl;
}

/** Failures that say nothing about the person and may heal: unreachable, blocked, unreadable. */
function isTransportFailure(error: unknown): boolean {
  return (
    error instanceof UnreachableError ||
    error instanceof BlockedError ||
    error instanceof UnexpectedAnswerError
  );
}

/** Delay before retry `attempt` (1-based): exponential from retryMinDelayMs, capped, with jitter (half to full). */
function backoffMs(attempt: number, settings: LookupSettings, random: () => number): number {
  const ceiling = Math.min(settings.retryMaxDelayMs, settings.retryMinDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** axios's own test of its errors (`axios.isAxiosError`), without loading axios to run it. */
function isAxiosError(error: unknown): error is AxiosError {
  return (
    typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true
  );
}

/**
 * A failed HTTP call as a typed error; an abort by the caller passes through unchanged. The axios error is not
 * kept as `cause`: its config holds the query URL with the full ID number, and causes end up in logs.
 */
function transportError(error: unknown, timeoutMs: number, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (!isAxiosError(error)) return error;
  const cause = new Error(`${error.code ?? 'ERR'}: ${error.message}`);
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
    return new UnreachableError(`查询平台在 ${timeoutMs} 毫秒内没有响应`, { cause });
  }
  return new UnreachableError(`无法连接查询平台（${error.code ?? error.message}）`, { cause });
}
