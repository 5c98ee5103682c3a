/**
 * The console's answers with the headers every one carries: a content security policy that lets only the
 * service's own scripts and styles run (no inline script, no other origin, no framing), nosniff, no referrer
 * outside the site, and no caching of pages that hold personal data.
 */
import type { Html } from './html.js';
import type { ConsoleResponse } from './types.js';

/** The policy: nothing but the service's own files; forms post only to it; no page may frame the console. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers of every console answer. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** An HTML page. */
export function htmlResponse(
  status: number,
  page: Html,
  headers: Record<string, string | string[]> = {},
): ConsoleResponse {
  return {
    status,
    headers: {
      ...securityHeaders(),
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body: page.value,
  };
}

/** A redirect after a form (303: the browser follows with GET). */
export function redirect(location: string, headers: Record<string, string | string[]> = {}): ConsoleResponse {
  return {
    status: 303,
    headers: { ...securityHeaders(), location, 'cache-control': 'no-store', ...headers },
    body: '',
  };
}

/** An xlsx file to download, named `fileName` (Chinese names kept through RFC 5987). */
export function xlsxResponse(fileName: string, body: Buffer): ConsoleResponse {
  return {
    status: 200,
    headers: {
      ...securityHeaders(),
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    },
    body,
  };
}
