/**
 * One deep page of the lead list beside the requests it could hold (issue 23, point 4), on PGlite and on
 * PostgreSQL (when CERT_VERIFY_TEST_PG_URL names a server): the API's page at offset 10,000 of one enterprise's
 * 12,000 leads about one person (as the attack posted them) against its first page; and, while that deep page is served, how long the sign-in page (no database) and
 * the first page (the database) wait, each against the same request on a quiet service. A probe "held" is one
 * sent while the deep page was in progress that could only be answered after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerIntakeApi } from '../src/bureau/api/intake.js';
import { registerConsole } from '../src/bureau/console/register.js';
import { Router } from '../src/bureau/http/router.js';
import { startHttpServer } from '../src/bureau/http/server.js';
import type { SqlDb } from '../src/bureau/store/db.js';
import { openPgliteDb } from '../src/bureau/store/pglite-db.js';
import { createSqlBureauStore } from '../src/bureau/store/sql-store.js';
import { setLogLevel } from '../src/util/logger.js';
import { PG_SKIP_REASON, postgresDatabase, TEST_PG_URL } from '../test/bureau/databases.js';
import { fillLeads } from './bureau-fill.js';
import { type Figure, median, QUICK, runAlone, timed, versus } from './figures.js';

const LEADS = 12_000;
const DEEP_OFFSET = 10_000;
const ROUNDS = QUICK ? 2 : 3;
/** Probes of each kind sent while one deep page is served, this far apart. */
const PROBES = 3;
const PROBE_GAP_MS = 30;

interface Probe {
  ms: number;
  held: boolean;
  /** The connection was dropped before an answer (the server's header timeout ran out while it was frozen). */
  failed: boolean;
}

/** How many of `probes` were held (and dropped), in words. */
function held(probes: Probe[]): string {
  const failed = probes.filter((p) => p.failed).length;
  return `${probes.filter((p) => p.held).length} of ${probes.length}${failed > 0 ? `, ${failed} dropped` : ''}`;
}

/** The worst wait of `probes` beside the same request alone (`aloneMs`). */
function waited(name: string, probes: Probe[], aloneMs: number, aim: number): Figure {
  const worst = Math.max(0, ...probes.map((p) => p.ms));
  return versus(
    {
      name: `${name} (held ${held(probes)})`,
      value: Number(worst.toFixed(1)),
      unit: 'ms',
      baseline: Number(aloneMs.toFixed(1)),
      what: 'the sign-in page (and the first page) alone on a quiet service',
    },
    { ratio: worst / aloneMs },
    aim,
  );
}

async function figuresOn(label: string, db: SqlDb): Promise<Figure[]> {
  const store = createSqlBureauStore(db);
  await store.migrate();
  await fillLeads(db, LEADS);
  const { enterprise, token } = await store.addEnterprise('基准企业');
  // As in the attack: one token's 12,000 leads, all about one person, so each row has 11,999 "same person".
  await db.query(
    `update leads set enterprise_id = $1, id_number = '110105198503120135', id_first6 = '110105', id_last4 = '0135'`,
    [enterprise.id],
  );
  await db.exec('analyze');
  const router = new Router();
  registerIntakeApi(router, { store });
  registerConsole(router, { store, db });
  const server = await startHttpServer({ router, port: 0 });
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  };
  const deepPath = `/api/v1/leads?limit=50&offset=${DEEP_OFFSET}`;
  const firstPath = '/api/v1/leads?limit=50';
  try {
    await get(firstPath);
    await get('/login');
    const deep: number[] = [];
    const first: number[] = [];
    const login: number[] = [];
    const loginDuring: Probe[] = [];
    const firstDuring: Probe[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      first.push(await timed(() => get(firstPath)));
      login.push(await timed(() => get('/login')));
      let deepDone = false;
      const started = performance.now();
      const deepPage = get(deepPath).then(() => {
        deepDone = true;
        deep.push(performance.now() - started);
      });
      const probe = async (path: string, into: Probe[], at: number) => {
        await sleep(at);
        if (deepDone) return;
        const start = performance.now();
        const failed = await get(path).then(
          () => false,
          () => true,
        );
        into.push({ ms: performance.now() - start, held: deepDone || failed, failed });
      };
      const probes: Array<Promise<void>> = [];
      for (let i = 0; i < PROBES; i++) {
        probes.push(probe('/login', loginDuring, 10 + i * PROBE_GAP_MS));
        probes.push(probe(firstPath, firstDuring, 15 + i * PROBE_GAP_MS));
      }
      await Promise.all([deepPage, ...probes]);
    }
    process.stderr.write(
      `${label}: sign-in probes held ${held(loginDuring)}, first-page probes held ${held(firstDuring)}\n`,
    );
    const deepMs = median(deep);
    const loginMs = median(login);
    const firstMs = median(first);
    return [
      versus(
        {
          name: `API page at offset ${DEEP_OFFSET.toLocaleString('en-US')} (${LEADS.toLocaleString('en-US')} leads), ${label}`,
          value: Number(deepMs.toFixed(1)),
          unit: 'ms',
          baseline: Number(firstMs.toFixed(1)),
          what: 'the first page of the same list, quiet',
        },
        { ratio: deepMs / firstMs },
        20,
      ),
      waited(`sign-in page, worst wait while a deep page is served, ${label}`, loginDuring, loginMs, 10),
      waited(`first page, worst wait while a deep page is served, ${label}`, firstDuring, firstMs, 20),
    ];
  } finally {
    await server.close();
  }
}

export default async function main(): Promise<Figure[]> {
  setLogLevel('silent');
  const dir = await mkdtemp(join(tmpdir(), 'bureau-deep-'));
  try {
    const pglite = await openPgliteDb(join(dir, 'pg'));
    const figures: Figure[] = [];
    try {
      figures.push(...(await figuresOn('PGlite', pglite)));
    } finally {
      await pglite.close();
    }
    if (TEST_PG_URL) {
      const server = await postgresDatabase.open();
      try {
        figures.push(...(await figuresOn('PostgreSQL', server.db)));
      } finally {
        await server.drop();
      }
    } else process.stderr.write(`${PG_SKIP_REASON}\n`);
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('bureau-deep-page', main);
