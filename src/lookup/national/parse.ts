/**
 * Pure parsing of the platform's answers (DESIGN habit 4): bytes in, a LookupAnswer or a typed error out.
 * Only a well-formed "nothing found" becomes an empty answer; a captcha miss, a block page or garbage never does.
 */
import type { CertKind, LookupAnswer } from '../../domain/certificate.js';
import { PlatformError, UnexpectedAnswerError } from '../../domain/errors.js';
import { decodeBody } from './decode-body.js';
import { htmlPageError, looksLikeHtml } from './html-page.js';
import { type AskedPerson, type FieldAliases, mapRecords } from './map-records.js';

export type { AskedPerson, FieldAliases } from './map-records.js';

/** Why the platform refused the captcha: a wrong answer, or a uuid it no longer knows (expired, used). */
export type CaptchaMissReason = 'wrong' | 'expired';

/**
 * The platform refused the captcha. Not a LookupError: a signal to the client to fetch a fresh captcha;
 * after `captchaTries` misses the client gives up with CaptchaError.
 */
export class CaptchaMiss extends Error {
  readonly reason: CaptchaMissReason;
  constructor(reason: CaptchaMissReason, platformMessage: string) {
    super(
      reason === 'wrong'
        ? `验证码错误（平台提示：${platformMessage}）`
        : `验证码已失效（平台提示：${platformMessage}）`,
    );
    this.name = 'CaptchaMiss';
    this.reason = reason;
  }
}

/** A captcha as the platform hands it out. `image` is absent when the platform has captchas switched off. */
export interface CaptchaChallenge {
  uuid: string;
  image?: Buffer;
}

const WRONG_CAPTCHA = /验证码(错误|不正确|有误)|captcha.*(error|wrong|incorrect)/i;
const EXPIRED_CAPTCHA = /验证码.*(失效|过期|不存在)|uuid/i;
const NOTHING_FOUND = /没有查询到|未查询到|查询不到|无相关|请核实后重新查询/;
/** Messages that go with a plain success (an empty list then means nothing found). */
const SUCCESS = /^(操作成功|查询成功|成功|success|ok)$/i;

/**
 * Read a query answer. Throws CaptchaMiss (wrong or expired captcha), BlockedError (block page),
 * UnexpectedAnswerError (malformed JSON, unknown shape, maintenance page) or PlatformError (any other `msg`).
 * `asked` fills ID number and name when the platform omits or masks them.
 */
export function parseQueryAnswer(
  body: Buffer | string,
  contentType: string | undefined,
  aliases: FieldAliases,
  kind: CertKind,
  asked?: AskedPerson,
): LookupAnswer {
  const json = readJsonObject(body, contentType);
  const msg = typeof json.msg === 'string' ? json.msg.trim() : '';
  const miss = captchaMissOf(msg);
  if (miss) throw miss;
  const items = recordsOf(json);
  const ok = json.code === undefined || Number(json.code) === 200;
  if (ok && items && items.length > 0) return mapRecords(items, aliases, kind, asked);
  const empty = items === undefined || items.length === 0;
  if (
    empty &&
    (NOTHING_FOUND.test(msg) || (ok && items !== undefined && (msg === '' || SUCCESS.test(msg))))
  ) {
    return { current: [], history: [] };
  }
  if (msg && !ok) throw new PlatformError(`查询平台返回错误：${msg}`);
  if (msg) throw new UnexpectedAnswerError(`查询平台返回了无法识别的结果：${msg}`);
  throw new UnexpectedAnswerError(
    `查询平台返回了无法识别的结果（字段：${Object.keys(json).join(', ') || '无'}）`,
  );
}

/** Read a captcha answer `{code:200, img:<base64 PNG>, uuid}`; `img` may carry a `data:` URL prefix. */
export function parseCaptchaAnswer(body: Buffer | string, contentType: string | undefined): CaptchaChallenge {
  const json = readJsonObject(body, contentType);
  const ok = json.code === undefined || Number(json.code) === 200;
  const uuid = typeof json.uuid === 'string' ? json.uuid.trim() : '';
  if (ok && json.captchaEnabled === false) return { uuid };
  const img = typeof json.img === 'string' ? json.img.replace(/^data:[^,]*,/, '').trim() : '';
  if (ok && uuid && img) {
    const image = Buffer.from(img, 'base64');
    if (image.length > 0) return { uuid, image };
  }
  const msg = typeof json.msg === 'string' ? json.msg.trim() : '';
  if (msg && !ok) throw new PlatformError(`查询平台获取验证码失败：${msg}`);
  throw new UnexpectedAnswerError('查询平台返回的验证码内容无法识别（缺少图片或 uuid）');
}

/** The captcha miss a platform message announces, if any. */
function captchaMissOf(msg: string): CaptchaMiss | undefined {
  if (WRONG_CAPTCHA.test(msg)) return new CaptchaMiss('wrong', msg);
  if (EXPIRED_CAPTCHA.test(msg)) return new CaptchaMiss('expired', msg);
  return undefined;
}

/** The record list: `data` (array, or one record), else RuoYi's `rows`; undefined when there is none. */
function recordsOf(json: Record<string, unknown>): unknown[] | undefined {
  const { data, rows } = json;
  if (Array.isArray(data)) return data;
  if (Array.isArray(rows)) return rows;
  if (typeof data === 'object' && data !== null) return [data];
  return undefined;
}

/** Decode and parse a JSON object; HTML pages and anything else become the matching typed error. */
function readJsonObject(body: Buffer | string, contentType: string | undefined): Record<string, unknown> {
  const text = decodeBody(body, contentType).trim();
  if (!/^[{[]/.test(text)) {
    if (looksLikeHtml(text, contentType)) throw htmlPageError(text);
    throw new UnexpectedAnswerError(
      text === '' ? '查询平台返回了空内容' : `查询平台返回的不是 JSON：${text.slice(0, 40)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UnexpectedAnswerError('查询平台返回的内容不完整或格式错误（JSON 解析失败）', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnexpectedAnswerError('查询平台返回的 JSON 结构无法识别');
  }
  return value as Record<string, unknown>;
}
