/**
 * The simulated national platform (cx.mem.gov.cn) on loopback: the captcha and query endpoints of the Vue app's
 * back end, the official account's QR scan endpoint (served on the same address), a session cookie, once-only captchas that expire, and faults on demand (failures, hangs, garbage,
 * a WAF rate limit, captcha misses), all repeatable with a seed. Used by the offline demo, tests and benchmarks.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../domain/errors.js';
import { createBoundedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from '../util/http-server.js';
import { logger } from '../util/logger.js';
import {
  type Answer,
  blockPage,
  captchaAnswer,
  failureAnswer,
  notFoundPage,
  PLATFORM_MESSAGES,
  platformError,
  queryAnswer,
  truncated,
} from './answers.js';
import { type CaptchaLevel, drawCaptchaAnswer, renderCaptcha } from './captcha-image.js';
import { CaptchaStore } from './captcha-store.js';
import type { SimulatorData } from './data.js';
import { drawFaults, type FaultPlan, type FaultSettings, faultSettingProblems } from './faults.js';
import { seededRandom } from './random.js';
import { RollingWindow } from './rate-limit.js';
import { SCAN_PATH, scanAnswer, tokenIndex } from './scan.js';
import { isPersonTypeCode, searchCertificates } from './search.js';

export type { CaptchaLevel } from './captcha-image.js';
export type { SimCertificate, SimulatorData } from './data.js';
export { loadSimulatorData } from './data.js';

const log = logger('simulator');

/** The endpoints, as on the real platform. */
export const CAPTCHA_PATH = '/prod-api/certsearch/code';
export const QUERY_PATH = '/prod-api/certsearch/certInfo/netQuery';
export { SCAN_PATH, UNKNOWN_TOKEN_MESSAGE } from './scan.js';
/** The session cookie set with a captcha and required on the query that uses it. */
export const SESSION_COOKIE = 'JSESSIONID';
/** TEST SEAM: header carrying the captcha answer when `exposeCaptchaAnswer` is on. */
export const CAPTCHA_ANSWER_HEADER = 'x-simulator-captcha';

export interface SimulatorOptions extends FaultSettings {
  data: SimulatorData;
  /** 0 or absent = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Noise level of the captcha picture (default easy). */
  captcha?: CaptchaLevel;
  /** Seeds every random choice (faults, captcha digits and drawing) so a run repeats. */
  seed?: number;
  /** TEST SEAM ONLY: send the captcha answer in header `x-simulator-captcha`. */
  exposeCaptchaAnswer?: boolean;
  /** Clock for captcha expiry and the rate-limit window (tests). */
  now?: () => number;
  /** Timeouts and connection cap (the `http.*` settings; default DEFAULT_SERVER_LIMITS). */
  limits?: ServerLimits;
  /** The WAF also refuses a query that comes sooner than this after the one before (absent: no such rule). */
  minIntervalMs?: number;
  /** Told the moment (`now()`) of every query as it arrives, refused ones included (tests record the pace). */
  onQuery?: (at: number) => void;
}

/** What the simulator has seen and done so far. */
export interface SimulatorStats {
  captchaRequests: number;
  /** Every netQuery request, rate-limited ones included. */
  queries: number;
  /** Queries answered with a result: certificates found or nothing found. */
  answered: number;
  /** Answered queries that found at least one certificate. */
  found: number;
  /** Queries with a wrong captcha code. */
  wrongCaptchas: number;
  /** Queries whose uuid was unknown, already used, expired or fetched by another session. */
  expiredCaptchas: number;
  /** Queries refused by the rate limit or as too soon after the one before (403 block page). */
  rateLimited: number;
  /** QR scan requests (scanQrcode), and those that named a certificate the simulator holds. */
  scans: number;
  scansFound: number;
  /** Injected faults by kind. */
  faults: { fail: number; hang: number; garbage: number; captchaReject: number };
}

export type FaultChange = Partial<Pick<SimulatorOptions, keyof FaultSettings>>;

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:8123 (use as `lookup.baseUrl`). */
  url: string;
  port: number;
  /** Stop, ending hanging and keep-alive sockets too; calling it again waits for the same close. */
  close(): Promise<void>;
  stats(): SimulatorStats;
  /** Change fault settings while running (e.g. let the platform recover mid-test). */
  setFaults(change: FaultChange): void;
}

/** Parameters the query page always sends. */
const REQUIRED_PARAMETERS = [
  'name',
  'idcardNum',
  'idcardTypeCode',
  'personTypeCode',
  'searchType',
  'code',
  'uuid',
];

/** The largest scan request body read (a token is 32 characters). */
const MAX_SCAN_BODY = 4096;

/** Which endpoint a request is for. */
function routeOf(method: string | undefined, path: string): 'captcha' | 'query' | 'scan' | 'other' {
  if (method === 'POST' && path === SCAN_PATH) return 'scan';
  if (method !== 'GET') return 'other';
  if (path === CAPTCHA_PATH) return 'captcha';
  return path === QUERY_PATH ? 'query' : 'other';
}

function emptyStats(): SimulatorStats {
  return {
    captchaRequests: 0,
    queries: 0,
    answered: 0,
    found: 0,
    wrongCaptchas: 0,
    expiredCaptchas: 0,
    rateLimited: 0,
    scans: 0,
    scansFound: 0,
    faults: { fail: 0, hang: 0, garbage: 0, captchaReject: 0 },
  };
}

function checkFaults(settings: FaultSettings): void {
  const problems = faultSettingProblems(settings);
  if (problems.length > 0) throw new InputError(`模拟平台设置有误：${problems.join('；')}`);
}

/** A request body as text, its first `limit` bytes kept (the rest is read and dropped). */
async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sessionOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, value] = part.trim().split('=');
    if (key === SESSION_COOKIE && value) return value;
  }
  return undefined;
}

/** Start the simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { data, host = '127.0.0.1', captcha: level = 'easy', seed, exposeCaptchaAnswer = false } = options;
  const now = options.now ?? Date.now;
  const faults: FaultSettings = {
    failRate: options.failRate,
    hangRate: options.hangRate,
    rateLimit: options.rateLimit,
    garbageRate: options.garbageRate,
    captchaRejectRate: options.captchaRejectRate,
    latencyMs: options.latencyMs,
  };
  checkFaults(faults);
  const faultRandom = seededRandom(seed);
  const digitRandom = seededRandom(seed === undefined ? undefined : seed ^ 0x5bd1e995);
  const drawRandom = seededRandom(seed === undefined ? undefined : seed ^ 0x27d4eb2f);
  const captchas = new CaptchaStore(now);
  const window = new RollingWindow(now);
  const sessions = new Set<string>();
  const hanging = new Set<ServerResponse>();
  const stats = emptyStats();
  const tokens = tokenIndex(data);
  let lastQueryAt = Number.NEGATIVE_INFINITY;

  /** Whether the WAF lets a query through now: not sooner than `minIntervalMs`, not over the rate limit. */
  function admitQuery(): boolean {
    const at = now();
    options.onQuery?.(at);
    const tooSoon = options.minIntervalMs !== undefined && at - lastQueryAt < options.minIntervalMs;
    lastQueryAt = at;
    return !tooSoon && window.admit(faults.rateLimit);
  }

  async function captchaRoute(
    req: IncomingMessage,
  ): Promise<{ answer: Answer; cookie?: string; solution: string }> {
    stats.captchaRequests++;
    let session = sessionOf(req);
    let cookie: string | undefined;
    if (!session || !sessions.has(session)) {
      session = randomBytes(16).toString('hex').toUpperCase();
      sessions.add(session);
      cookie = `${SESSION_COOKIE}=${session}; Path=/; HttpOnly`;
    }
    const solution = drawCaptchaAnswer(digitRandom);
    const png = await renderCaptcha(solution, level, drawRandom);
    const uuid = captchas.issue(solution, session);
    return { answer: captchaAnswer(png.toString('base64'), uuid), cookie, solution };
  }

  function queryRoute(req: IncomingMessage, url: URL, plan: FaultPlan): Answer {
    const p = (key: string) => url.searchParams.get(key)?.trim() ?? '';
    const uuid = p('uuid');
    const check = uuid ? captchas.take(uuid, sessionOf(req)) : undefined;
    const personTypeCode = p('personTypeCode');
    if (REQUIRED_PARAMETERS.some((key) => p(key) === '') || !isPersonTypeCode(personTypeCode)) {
      return platformError(PLATFORM_MESSAGES.badParameters);
    }
    if (!check?.ok) {
      stats.expiredCaptchas++;
      return platformError(PLATFORM_MESSAGES.captchaExpired);
    }
    if (p('code') !== check.captcha.answer) {
      stats.wrongCaptchas++;
      return platformError(PLATFORM_MESSAGES.wrongCaptcha);
    }
    if (plan.rejectCaptcha) {
      stats.faults.captchaReject++;
      return platformError(PLATFORM_MESSAGES.wrongCaptcha);
    }
    const records =
      p('idcardTypeCode') === '01' ? searchCertificates(data, p('idcardNum'), p('name'), personTypeCode) : [];
    stats.answered++;
    if (records.length > 0) stats.found++;
    log.debug({ personTypeCode, records: records.length }, 'query answered');
    return queryAnswer(records);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const route = routeOf(req.method, url.pathname);
    if (route === 'other') return send(res, notFoundPage());
    const plan = drawFaults(faultRandom, faults);
    if (route === 'query') {
      stats.queries++;
      if (!admitQuery()) {
        stats.rateLimited++;
        return send(res, blockPage(`WAF-${String(stats.rateLimited).padStart(8, '0')}`));
      }
    }
    if (plan.hang) {
      stats.faults.hang++;
      hanging.add(res);
      return;
    }
    if (plan.fail) {
      stats.faults.fail++;
      return send(res, failureAnswer(plan.fail, url.pathname));
    }
    let answer: Answer;
    if (route === 'captcha') {
      const issued = await captchaRoute(req);
      answer = issued.answer;
      if (issued.cookie) answer.headers['set-cookie'] = issued.cookie;
      if (exposeCaptchaAnswer) answer.headers[CAPTCHA_ANSWER_HEADER] = issued.solution;
    } else if (route === 'scan') {
      stats.scans++;
      const scanned = scanAnswer(tokens, await readBody(req, MAX_SCAN_BODY));
      if (scanned.found) stats.scansFound++;
      answer = scanned.answer;
    } else {
      answer = queryRoute(req, url, plan);
    }
    if (plan.garbage) {
      stats.faults.garbage++;
      answer = truncated(answer);
    }
    return send(res, answer);
  }

  async function send(res: ServerResponse, answer: Answer): Promise<void> {
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (res.destroyed) return;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  const server: Server = createBoundedServer(options.limits ?? DEFAULT_SERVER_LIMITS, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'simulator request failed');
      if (!res.headersSent && !res.destroyed)
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('模拟平台内部错误');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats: () => structuredClone(stats),
    setFaults(change) {
      const next = { ...faults, ...change };
      checkFaults(next);
      Object.assign(faults, next);
    },
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
