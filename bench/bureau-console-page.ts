/**
 * The console's part of the bureau benchmark: on the filled leads, the p95 of the rendered lead list over real
 * HTTP with a signed-in staff session, beside the p95 of the store's query of the same page in the same rounds
 * (what the page adds: the session and user lookups, the enterprise filter, the rendering, the HTTP).
 */
import { hashPassword } from '../src/bureau/auth/password.js';
import { registerConsole } from '../src/bureau/console/register.js';
import { Router } from '../src/bureau/http/router.js';
import { startHttpServer } from '../src/bureau/http/server.js';
import { ConsoleClient } from '../test/helpers/console-client.js';
import type { FilledDatabase } from './bureau.bench.js';
import { type Figure, interleaved, QUICK, timed, versus } from './figures.js';

/** Requests per round (each round's cost is its p95) and rounds, page and query alternating. */
const REQUESTS = QUICK ? 10 : 20;
const ROUNDS = QUICK ? 3 : 5;
const PASSWORD = 'bench-password-1';
/**
 * Aim on page p95 ÷ query p95 (the page adds the session and user lookups, the enterprises and the rendering):
 * set from the first run with a million leads on two busy cores, 2.16× on PGlite and 2.59× on PostgreSQL (whose
 * query is fast enough that the three extra round trips weigh more), with about a third of headroom.
 */
const AIM = 3.5;

/** The 95th percentile of `values`. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/** The rendered list page's p95 on `filled`. */
export async function consolePageFigures({ label, db, store }: FilledDatabase): Promise<Figure[]> {
  await store.addUser({ login: 'bench', role: 'staff', passwordHash: await hashPassword(PASSWORD) });
  const router = new Router();
  registerConsole(router, { store, db });
  const server = await startHttpServer({ router, port: 0 });
  try {
    const client = new ConsoleClient(server.url);
    await client.signIn('bench', PASSWORD);
    const page = async () => {
      const answer = await client.get('/leads');
      if (answer.status !== 200 || !answer.text.includes('id="lead-total"'))
        throw new Error(`the list page answered ${answer.status}`);
    };
    const query = () => store.listLeads({ role: 'staff' }, { limit: 50, offset: 0 });
    const round = (step: () => Promise<unknown>) => async () => {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) times.push(await timed(step));
      return p95(times);
    };
    await page();
    const compared = await interleaved(ROUNDS, round(query), round(page));
    const { count } = (await db.query<{ count: number }>('select count(*)::int as count from leads'))[0] ?? {
      count: 0,
    };
    return [
      versus(
        {
          name: `console list page p95 (HTTP, rendered), ${count.toLocaleString('en-US')} leads, ${label}`,
          value: Number(compared.subject.toFixed(1)),
          unit: 'ms',
          baseline: Number(compared.baseline.toFixed(1)),
          what: "page: the store's listLeads of the same first page (50 rows, capped count), called directly",
        },
        compared,
        AIM,
      ),
    ];
  } finally {
    await server.close();
  }
}
