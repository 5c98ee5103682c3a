/**
 * The console's answers: pages (never cached: they hold personal data), redirects after a form, and xlsx
 * downloads. The server adds the security headers of every answer (security-headers.ts); a page lets the
 * browser name its origin within the site (a form posted under `no-referrer` says `Origin: null`, which the
 * CSRF check must refuse), still never outside it.
 */
import type { Html } from './html.js';
import type { ConsoleResponse } from './types.js';

const PAGE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'same-origin' } as const;

/** An HTML page. */
export function htmlResponse(
  status: number,
  page: Html,
  headers: Record<string, string | string[]> = {},
): ConsoleResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      ...PAGE_HEADERS,
      ...headers,
    },
    body: page.value,
  };
}

/** A redirect after a form (303: the browser follows with GET). */
export function redirect(location: string, headers: Record<string, string | string[]> = {}): ConsoleResponse {
  return {
    status: 303,
    headers: { location, ...PAGE_HEADERS, ...headers },
    body: '',
  };
}

/** An xlsx file to download, named `fileName` (Chinese names kept through RFC 5987). */
export function xlsxResponse(fileName: string, body: Buffer): ConsoleResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    },
    body,
  };
}
