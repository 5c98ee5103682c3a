/**
 * One deep page of the lead list beside the requests it could hold (issue 23, point 4), on PGlite and on
 * PostgreSQL (when CERT_VERIFY_TEST_PG_URL names a server): the API's page at offset 10,000 of one enterprise's
 * 12,000 leads about one person (as the attack posted them) against its first page; and, while that deep page is served, how long the sign-in page (no database) and
 * the first page (the database) wait, each against the same request on a quiet service. A probe "held" is one
 * sent while the deep page was in progress that could only be answered after it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerIntakeApi } from '../src/bureau/api/intake.js';
import { registerConsole } from '../src/bureau/console/register.js';
import { Router } from '../src/bureau/http/router.js';
import { startHttpServer } from '../src/bureau/http/server.js';
import { createSqlBureauStore } from '../src/bureau/store/sql-store.js';
import type { SqlDb } from '../src/sql/db.js';
import { openPgliteDb } from '../src/sql/pglite-db.js';
import { setLogLevel } from '../src/util/logger.js';
import { PG_SKIP_REASON, postgresDatabase, TEST_PG_URL } from '../test/helpers/databases.js';
import { fillLeads } from './bureau-fill.js';
import { type Figure, median, QUICK, runAlone, versus } from './figures.js';

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

/**
 * The client of one round, in a process of its own (a client in the service's process would be frozen with it
 * and could not tell how long it waited): the first page and the sign-in page alone, then the deep page with
 * PROBES of each sent while it is served; each probe's time, whether it was answered only after the deep page
 * (held) and whether its connection was dropped.
 */
const CLIENT_SOURCE = `
const [url, token, deepPath, firstPath, probes, gap] = process.argv.slice(1);
const get = async (path) => {
  const start = performance.now();
  try {
    const res = await fetch(url + path, { headers: { authorization: 'Bearer ' + token } });
    await res.arrayBuffer();
    return { ms: performance.now() - start, ok: res.status === 200 };
  } catch {
    return { ms: performance.now() - start, ok: false };
  }
};
(async () => {
  const first = (await get(firstPath)).ms;
  const login = (await get('/login')).ms;
  let deepDone = false;
  const deep = get(deepPath).then((r) => { deepDone = true; return r.ms; });
  const probe = async (path, at) => {
    await new Promise((resolve) => setTimeout(resolve, at));
    if (deepDone) return [];
    const r = await get(path);
    return [{ ms: r.ms, held: deepDone || !r.ok, failed: !r.ok }];
  };
  const loginProbes = [];
  const firstProbes = [];
  for (let i = 0; i < Number(probes); i++) {
    loginProbes.push(probe('/login', 10 + i * Number(gap)));
    firstProbes.push(probe(firstPath, 15 + i * Number(gap)));
  }
  const result = {
    first, login, deep: await deep,
    loginProbes: (await Promise.all(loginProbes)).flat(),
    firstProbes: (await Promise.all(firstProbes)).flat(),
  };
  process.stdout.write(JSON.stringify(result));
})();
`;

interface ClientRound {
  first: number;
  login: number;
  deep: number;
  loginProbes: Probe[];
  firstProbes: Probe[];
}

/** Run one round's client against `url`. */
function clientRound(url: string, token: string, deepPath: string, firstPath: string): Promise<ClientRound> {
  return new Promise((resolve, reject) => {
    const args = ['-e', CLIENT_SOURCE, url, token, deepPath, firstPath, String(PROBES), String(PROBE_GAP_MS)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as ClientRound);
      else reject(new Error(`client exited with ${code}`));
    });
  });
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
  const deepPath = `/api/v1/leads?limit=50&offset=${DEEP_OFFSET}`;
  const firstPath = '/api/v1/leads?limit=50';
  try {
    const deep: number[] = [];
    const first: number[] = [];
    const login: number[] = [];
    const loginDuring: Probe[] = [];
    const firstDuring: Probe[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const seen = await clientRound(server.url, token, deepPath, firstPath);
      first.push(seen.first);
      login.push(seen.login);
      deep.push(seen.deep);
      loginDuring.push(...seen.loginProbes);
      firstDuring.push(...seen.firstProbes);
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
