/**
 * Pure parsing of the QR scan's answer (`scanQrcode`): the certificate under `content` (read through the same
 * field aliases as a query), or the scan's word that it knows no such certificate ("证件档案编号有误"). The real
 * answer's shape is known only from one public front-end file (`content.certNum`); everything else is a guess
 * kept in the aliases.
 */
import type { CertificateRecord, CertKind } from '../../domain/certificate.js';
import { PlatformError, UnexpectedAnswerError } from '../../domain/errors.js';
import type { ScanAnswer } from '../port.js';
import { decodeBody } from './decode-body.js';
import { htmlPageError, looksLikeHtml } from './html-page.js';
import { type FieldAliases, mapRecords } from './map-records.js';

/** Messages that say the token names no certificate. */
const UNKNOWN_TOKEN = /编号有误|不存在|未查询到|没有查询到|无效/;

/** Read a scan answer; throws UnexpectedAnswerError (garbage, pages) or PlatformError (any other error). */
export function parseScanAnswer(
  body: Buffer | string,
  contentType: string | undefined,
  aliases: FieldAliases,
): ScanAnswer {
  const text = decodeBody(body, contentType).trim();
  if (!text.startsWith('{')) {
    if (looksLikeHtml(text, contentType)) throw htmlPageError(text);
    throw new UnexpectedAnswerError('扫码查询返回的不是 JSON');
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new UnexpectedAnswerError('扫码查询返回的内容不完整或格式错误（JSON 解析失败）', { cause });
  }
  const msg = typeof json.msg === 'string' ? json.msg.trim() : '';
  const { content } = json;
  const ok = json.code === undefined || Number(json.code) === 200;
  if (ok && typeof content === 'object' && content !== null && !Array.isArray(content)) {
    const raw = content as Record<string, unknown>;
    const answer = mapRecords([raw], aliases, kindOf(raw, aliases));
    const certificate = (answer.current[0] ?? answer.history[0]) as CertificateRecord;
    return { found: true, certificate };
  }
  if (UNKNOWN_TOKEN.test(msg)) return { found: false, message: msg };
  if (msg && !ok) throw new PlatformError(`扫码查询返回错误：${msg}`);
  throw new UnexpectedAnswerError('扫码查询返回了无法识别的结果');
}

/** A record with an operation item or category is a special-operations certificate; one with a role is not. */
function kindOf(raw: Record<string, unknown>, aliases: FieldAliases): CertKind {
  const has = (field: string) => (aliases[field] ?? []).some((name) => raw[name] !== undefined);
  if (has('item') || has('category')) return 'special';
  return has('role') || has('industry') ? 'safety' : 'special';
}
