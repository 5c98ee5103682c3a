/**
 * The console's static files, all served by the service itself so it works without internet: the stylesheet,
 * ECharts (from the installed package) and the figures script. Each carries an ETag and may be cached for an
 * hour; a request with the same ETag gets 304.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FIGURES_SCRIPT } from './assets/figures-script.js';
import { CONSOLE_CSS } from './assets/styles.js';
import type { ConsoleRequest, ConsoleResponse } from './types.js';

interface Asset {
  type: string;
  body: Buffer;
  etag: string;
}

function asset(type: string, body: Buffer): Asset {
  return { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

let assets: Map<string, Asset> | undefined;

function loadAssets(): Map<string, Asset> {
  const echarts = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  return new Map([
    ['/assets/console.css', asset('text/css; charset=utf-8', Buffer.from(CONSOLE_CSS))],
    ['/assets/figures.js', asset('text/javascript; charset=utf-8', Buffer.from(FIGURES_SCRIPT))],
    ['/assets/echarts.min.js', asset('text/javascript; charset=utf-8', readFileSync(echarts))],
  ]);
}

/** The static file at the request's path, or undefined when there is none. */
export function serveAsset(request: ConsoleRequest): ConsoleResponse | undefined {
  assets ??= loadAssets();
  const found = assets.get(request.url.pathname);
  if (!found) return undefined;
  const headers = {
    'content-type': found.type,
    'cache-control': 'public, max-age=3600',
    etag: found.etag,
  };
  if (request.headers['if-none-match'] === found.etag) return { status: 304, headers, body: '' };
  return { status: 200, headers, body: found.body };
}
