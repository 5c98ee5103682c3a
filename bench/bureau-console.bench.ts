/**
 * The console's lead list with 1,000,000 leads, on PGlite and on PostgreSQL (a database of its own on the server
 * of CERT_VERIFY_TEST_PG_URL, as the tests use; left out when unset): the p95 of the rendered first page over
 * real HTTP with a signed-in session, beside the p95 of the store's query alone in the same rounds (what the
 * page adds: the session, the enterprise filter, the rendering, the HTTP), and the service's memory with the
 * database open (PGlite's lives in the same process, so its figure holds the database too).
 */
import { hashPassword } from '../src/bureau/auth/password.js';
import { registerConsole } from '../src/bureau/console/register.js';
import { Router } from '../src/bureau/http/router.js';
import { startHttpServer } from '../src/bureau/http/server.js';
import type { SqlDb } from '../src/bureau/store/db.js';
import { createSqlBureauStore } from '../src/bureau/store/sql-store.js';
import { setLogLevel } from '../src/util/logger.js';
import {
  pgliteDatabase,
  postgresDatabase,
  TEST_PG_URL,
  type TestDatabase,
} from '../test/bureau/databases.js';
import { ConsoleClient } from '../test/helpers/console-client.js';
import { type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const LEADS = QUICK ? 100_000 : 1_000_000;
const ENTERPRISES = 20;
/** Requests per round (the p95 of each round is its cost) and rounds, alternating page and query. */
const REQUESTS = QUICK ? 10 : 20;
const ROUNDS = QUICK ? 3 : 5;
const PASSWORD = 'bench-password-1';
/** Aim on page p95 ÷ query p95: the page adds one session lookup, a user lookup and the enterprises. */
const AIM = 2.5;
const WHAT =
  "the store's listLeads of the same first page (50 rows and the count), called directly in the same rounds";

/** The 95th percentile of `values`. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/** Fill `db` with `LEADS` leads over 12 months of 2026 from `ENTERPRISES` enterprises, in one statement. */
async function fill(db: SqlDb): Promise<void> {
  await db.query(
    `insert into enterprises (name, token_hash)
     select '企业' || lpad(i::text, 2, '0'), md5(i::text) from generate_series(1, ${ENTERPRISES}) i`,
  );
  await db.query(
    `insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, name, item,
       evidence, found_at, found_month, case_status)
     select 1 + i % ${ENTERPRISES}, 'F' || i,
       (array['fake_certificate','impersonation','fake_platform','altered_card'])[1 + i % 4],
       case when i % 4 = 1 then 'name_mismatch' else 'not_found' end,
       '110105' || lpad((i % 100000000)::text, 8, '0') || lpad((i % 10000)::text, 4, '0'),
       '110105', lpad((i % 10000)::text, 4, '0'), '张' || (i % 5000), '低压电工作业',
       '{"platformSaid":"没有查询到相关证件信息"}'::jsonb, t, to_char(t + interval '8 hours', 'YYYY-MM'),
       (array['new','investigating','referred','dismissed','closed'])[1 + i % 5]
     from generate_series(1, ${LEADS}) i,
       lateral (select timestamptz '2026-01-01 00:00+00' + (i::float / ${LEADS}) * interval '360 days' as t) x`,
  );
  await db.exec('analyze');
}

async function onDatabase(label: string, db: SqlDb): Promise<Figure[]> {
  const store = createSqlBureauStore(db);
  await store.migrate();
  const filled = await timed(() => fill(db));
  process.stderr.write(`${label}: ${LEADS} leads written in ${Math.round(filled / 1000)} s\n`);
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
    await page();
    await query();
    const pageTimes: number[] = [];
    const queryTimes: number[] = [];
    const compared = await interleaved(
      ROUNDS,
      async () => {
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) times.push(await timed(query));
        queryTimes.push(...times);
        return p95(times);
      },
      async () => {
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) times.push(await timed(page));
        pageTimes.push(...times);
        return p95(times);
      },
    );
    const { rss, heapUsed } = process.memoryUsage();
    return [
      versus(
        {
          name: `${label}: list page p95, ${LEADS.toLocaleString('en-US')} leads`,
          value: Number(compared.subject.toFixed(1)),
          unit: 'ms',
          baseline: Number(compared.baseline.toFixed(1)),
          what: WHAT,
        },
        compared,
        AIM,
      ),
      { name: `${label}: service memory (rss) after the list`, value: Math.round(rss / 2 ** 20), unit: 'MB' },
      { name: `${label}: service heap after the list`, value: Math.round(heapUsed / 2 ** 20), unit: 'MB' },
    ];
  } finally {
    await server.close();
  }
}

// PostgreSQL first: PGlite's WASM memory stays with the process once it has grown, and would count in the other.
await runAlone('bureau-console', async () => {
  setLogLevel('silent');
  const figures: Figure[] = [];
  const kinds: Array<[string, TestDatabase]> = [
    ...(TEST_PG_URL ? ([['PostgreSQL', postgresDatabase]] as Array<[string, TestDatabase]>) : []),
    ['PGlite', pgliteDatabase],
  ];
  if (!TEST_PG_URL)
    process.stderr.write('CERT_VERIFY_TEST_PG_URL is not set: the PostgreSQL half is left out\n');
  for (const [label, database] of kinds) {
    const { db, drop } = await database.open();
    try {
      figures.push(...(await onDatabase(label, db)));
    } finally {
      await drop();
    }
  }
  return figures;
});
