/**
 * An HTML page where the back end's JSON was expected: a firewall block page, a maintenance page, an nginx
 * error. Read with cheerio and turned into the error that says which (never into "nothing found").
 */
import { load } from 'cheerio/slim';
import { BlockedError, UnexpectedAnswerError } from '../../domain/errors.js';

/** Words of block and rate-limit pages (Chinese firewalls, cloud WAFs, plain 403/429). */
const BLOCK_WORDS =
  /访问被拒绝|拒绝访问|禁止访问|访问频率|频率过高|过于频繁|请求过多|限制访问|防火墙|安全狗|云盾|云防护|waf\b|web application firewall|firewall|access denied|forbidden|too many requests|\b403\b|\b429\b/i;

/** Error for an HTML page: BlockedError for a block page (or HTTP 403/429), UnexpectedAnswerError otherwise. */
export function htmlPageError(html: string, status?: number): BlockedError | UnexpectedAnswerError {
  const $ = load(html);
  const title = $('title').first().text().trim().replace(/\s+/g, ' ');
  const text = `${title} ${$('body').text()}`.replace(/\s+/g, ' ');
  const named = title ? `（页面标题：${title}）` : '（页面没有标题）';
  if (status === 403 || status === 429 || BLOCK_WORDS.test(text)) {
    return new BlockedError(`查询平台拒绝访问，可能触发了访问频率限制${named}`);
  }
  return new UnexpectedAnswerError(`查询平台返回了网页而不是查询结果，可能正在维护${named}`);
}

/** Whether a decoded body is an HTML page rather than JSON. */
export function looksLikeHtml(text: string, contentType: string | undefined): boolean {
  return /^\s*</.test(text) || /\btext\/html\b/i.test(contentType ?? '');
}
