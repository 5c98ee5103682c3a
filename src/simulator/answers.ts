/**
 * What the simulated platform sends back, as bytes with headers: the Vue app's JSON back end (RuoYi style:
 * HTTP 200 with `code`/`msg` in the body), the WAF block page, nginx error pages and the injected faults.
 */
import { assertNever } from '../domain/status.js';
import type { FailKind } from './faults.js';
import type { PlatformRecord } from './platform-fields.js';

/** One HTTP answer ready to send. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Messages of the platform, as its pages show them. */
export const PLATFORM_MESSAGES = {
  ok: '操作成功',
  found: '查询成功',
  notFound: '没有查询到相关证件信息！',
  wrongCaptcha: '验证码错误',
  captchaExpired: '验证码已失效',
  badParameters: '参数错误：姓名、证件号码、证件类型、人员类型、验证码均不能为空',
} as const;

const JSON_TYPE = 'application/json;charset=UTF-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const BASE_HEADERS = { server: 'nginx', 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };

/** A JSON answer of the back end (HTTP 200 whatever `code` says, as RuoYi does). */
export function jsonAnswer(body: object): Answer {
  return { status: 200, headers: { ...BASE_HEADERS, 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

/** The captcha answer. */
export function captchaAnswer(pngBase64: string, uuid: string): Answer {
  return jsonAnswer({ msg: PLATFORM_MESSAGES.ok, img: pngBase64, code: 200, captchaEnabled: true, uuid });
}

/** A query answer: records found (current first, then history) or the nothing-found message. */
export function queryAnswer(records: PlatformRecord[]): Answer {
  if (records.length === 0) return jsonAnswer({ msg: PLATFORM_MESSAGES.notFound, code: 200, data: [] });
  return jsonAnswer({ msg: PLATFORM_MESSAGES.found, code: 200, data: records });
}

/** An error the back end reports in its body (`code: 500`). */
export function platformError(msg: string): Answer {
  return jsonAnswer({ msg, code: 500 });
}

/** The same answer cut short: a body that is not valid JSON. */
export function truncated(answer: Answer): Answer {
  return { ...answer, body: answer.body.slice(0, Math.max(1, Math.floor(answer.body.length / 2))) };
}

function htmlAnswer(status: number, title: string, bodyHtml: string): Answer {
  const body = `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head>\n<body>${bodyHtml}</body></html>\n`;
  return { status, headers: { ...BASE_HEADERS, 'content-type': HTML_TYPE }, body };
}

/** The WAF block page (rate limit), HTTP 403. */
export function blockPage(eventId: string): Answer {
  return htmlAnswer(
    403,
    '访问被拒绝',
    `<div class="block"><h1>访问被拒绝</h1><p>您的访问频率过高，已被暂时限制访问，请稍后再试。</p><p>如有疑问请联系网站管理员。</p><p class="event">事件编号：${eventId}</p></div>`,
  );
}

/** Anything the platform does not serve. */
export function notFoundPage(): Answer {
  return htmlAnswer(
    404,
    '404 Not Found',
    '<center><h1>404 Not Found</h1></center><hr><center>nginx</center>',
  );
}

/** An injected server failure. */
export function failureAnswer(kind: FailKind, path: string): Answer {
  switch (kind) {
    case 'http500':
      return {
        status: 500,
        headers: { ...BASE_HEADERS, 'content-type': JSON_TYPE },
        body: JSON.stringify({
          timestamp: new Date().toISOString(),
          status: 500,
          error: 'Internal Server Error',
          path,
        }),
      };
    case 'http502':
      return {
        status: 502,
        headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
        body: '502 Bad Gateway',
      };
    case 'http503':
      return {
        status: 503,
        headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
        body: 'Service Temporarily Unavailable',
      };
    default:
      return assertNever(kind);
  }
}
