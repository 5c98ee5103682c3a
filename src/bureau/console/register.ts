/**
 * The console's routes on the bureau's router: each console path goes to the console's handler with the form
 * body read (at most `MAX_FORM_BYTES`), and its answer is written back.
 */

import type { SqlRunner } from '../../sql/db.js';
import { sqlAuthStore } from '../auth/sql-auth-store.js';
import { readBody } from '../http/json.js';
import type { RequestContext, Router } from '../http/router.js';
import { sendConsoleResponse, toConsoleRequest } from './node-http.js';
import { consoleHandler } from './routes.js';
import type { ConsoleDeps } from './types.js';

/** The largest form read (a note of 1,000 characters fits many times). */
export const MAX_FORM_BYTES = 32 * 1024;

const GET_PATHS = [
  '/',
  '/login',
  '/leads',
  '/leads/export.xlsx',
  '/leads/:id',
  '/enterprises',
  '/figures',
  '/figures/export.xlsx',
  '/progress',
  '/progress/export.xlsx',
  '/assets/:file',
];
const POST_PATHS = ['/login', '/logout', '/leads/:id/status', '/progress/figures'];

/** Register the console on `router`; its sessions live in `db` beside the store. */
export function registerConsole(router: Router, deps: Omit<ConsoleDeps, 'auth'> & { db: SqlRunner }): void {
  const { db, ...rest } = deps;
  const handle = consoleHandler({ ...rest, auth: sqlAuthStore(db) });
  const serve = async ({ req, res }: RequestContext) => {
    const body = req.method === 'POST' ? (await readBody(req, MAX_FORM_BYTES)).toString('utf8') : '';
    sendConsoleResponse(req, res, await handle(toConsoleRequest(req, body)));
  };
  for (const path of GET_PATHS) router.get(path, serve);
  for (const path of POST_PATHS) router.post(path, serve);
}
