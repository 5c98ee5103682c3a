/**
 * The bureau's service: leads ingested per second through the intake API (HTTP, token, validation, one
 * transaction with its audit row) beside a bare insert loop on the same database; the lead list's p95 with
 * 1,000,000 leads on PGlite and on PostgreSQL (when CERT_VERIFY_TEST_PG_URL names a server; else that half is
 * skipped with a note) beside a bare page query on the same table; and resident memory. The figures of each
 * filled database come from the parts in LIST_PARTS, run in order: a new figure on the filled leads is one more
 * entry there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerIntakeApi } from '../src/bureau/api/intake.js';
import { Router } from '../src/bureau/http/router.js';
import { startHttpServer } from '../src/bureau/http/server.js';
import { createSqlBureauStore } from '../src/bureau/store/sql-store.js';
import type { BureauStore, LeadFilter } from '../src/bureau/store/types.js';
import { checkCharacter } from '../src/domain/id-number.js';
import type { SqlDb } from '../src/sql/db.js';
import { openPgliteDb } from '../src/sql/pglite-db.js';
import { setLogLevel } from '../src/util/logger.js';
import { PG_SKIP_REASON, postgresDatabase, TEST_PG_URL } from '../test/helpers/databases.js';
import { consolePageFigures } from './bureau-console-page.js';
import { FILL_ENTERPRISES, fillLeads } from './bureau-fill.js';
import { type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const LEADS = QUICK ? 100_000 : 1_000_000;
const INGEST_ROUNDS = QUICK ? 3 : 5;
const INGEST_PER_ROUND = QUICK ? 100 : 200;
const LIST_ROUNDS = QUICK ? 4 : 10;
const PAGE = 50;

/** What a staff member does on the list page: filters alone and together, the searches, a later page. */
export const LIST_QUERIES: Array<Omit<LeadFilter, 'limit'>> = [
  { offset: 0 },
  { offset: PAGE * 3 },
  { offset: 0, enterpriseId: 7 },
  { offset: 0, kind: 'impersonation' },
  { offset: 0, caseStatus: 'investigating' },
  { offset: 0, month: '2025-03' },
  { offset: 0, enterpriseId: 7, kind: 'fake_certificate', month: '2024-06' },
  { offset: 0, search: '0135' },
  { offset: 0, search: '110105********0135' },
  { offset: 0, search: '张伟' },
];

/** A filled database as the list parts get it. */
export interface FilledDatabase {
  /** PGlite / PostgreSQL. */
  label: string;
  db: SqlDb;
  store: BureauStore;
}

/** p95 of `values`. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/** The store's list queries against a bare page (no filter, count, join or related count), p95 of each. */
async function listFigures({ label, db, store }: FilledDatabase): Promise<Figure[]> {
  const list: number[] = [];
  const bare: number[] = [];
  await interleaved(
    LIST_ROUNDS,
    async () => {
      let total = 0;
      for (const _ of LIST_QUERIES) {
        const ms = await timed(() =>
          db.query(`select * from leads order by found_at desc, id desc limit ${PAGE}`),
        );
        bare.push(ms);
        total += ms;
      }
      return total;
    },
    async () => {
      let total = 0;
      for (const query of LIST_QUERIES) {
        const ms = await timed(() => store.listLeads({ role: 'staff' }, { limit: PAGE, ...query }));
        list.push(ms);
        total += ms;
      }
      return total;
    },
  );
  const subject = p95(list);
  const baseline = p95(bare);
  return [
    versus(
      {
        name: `lead list p95 with ${LEADS.toLocaleString('en-US')} leads, ${label} (${LIST_QUERIES.length} filters/searches)`,
        value: Number(subject.toFixed(1)),
        unit: 'ms',
        baseline: Number(baseline.toFixed(1)),
        what: `list: a bare "select * from leads order by found_at desc limit ${PAGE}" on the same table`,
      },
      { ratio: subject / baseline },
      // Set from 7.5× on PGlite and 4.0× on PostgreSQL (1,000,000 leads, two busy cores): headroom for noise.
      12,
    ),
  ];
}

/** The figures on each filled database, in order (add a part to measure more on the same leads). */
export const LIST_PARTS: Array<(filled: FilledDatabase) => Promise<Figure[]>> = [
  listFigures,
  consolePageFigures,
];

/** Leads per second through the API against bare inserts, on a fresh PGlite in `dir`. */
async function ingestFigures(dir: string): Promise<Figure[]> {
  const db = await openPgliteDb(join(dir, 'ingest'));
  const store = createSqlBureauStore(db);
  await store.migrate();
  const { enterprise, token } = await store.addEnterprise('基准企业');
  const router = new Router();
  registerIntakeApi(router, { store });
  const server = await startHttpServer({ router, port: 0 });
  let seq = 0;
  const idNumber = `11010519850312013${checkCharacter('11010519850312013')}`;
  const lead = () => ({
    id: `B${++seq}`,
    kind: 'fake_certificate',
    status: 'not_found',
    idNumber,
    name: '张伟',
    item: '高压电工作业',
    evidence: { platformSaid: '没有查询到相关证件信息', certificates: [] },
    foundAt: '2026-05-10T10:00:00+08:00',
  });
  try {
    const compared = await interleaved(
      INGEST_ROUNDS,
      () =>
        timed(async () => {
          for (let i = 0; i < INGEST_PER_ROUND; i++) {
            const l = lead();
            await db.query(
              `insert into leads (enterprise_id, source_id, kind, status, id_number, id_first6, id_last4, name, item,
                 evidence, found_at, found_month) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
              [
                enterprise.id,
                l.id,
                l.kind,
                l.status,
                l.idNumber,
                '110105',
                '013X',
                l.name,
                l.item,
                JSON.stringify(l.evidence),
                l.foundAt,
                '2026-05',
              ],
            );
          }
        }),
      () =>
        timed(async () => {
          for (let i = 0; i < INGEST_PER_ROUND; i++) {
            const res = await fetch(`${server.url}/api/v1/leads`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify(lead()),
            });
            if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
            await res.arrayBuffer();
          }
        }),
    );
    const rate = (ms: number) => Math.round((INGEST_PER_ROUND * 1000) / ms);
    return [
      versus(
        {
          name: 'leads ingested per second through POST /api/v1/leads (PGlite, one at a time)',
          value: rate(compared.subject),
          unit: 'leads/s',
          baseline: rate(compared.baseline),
          what: 'ingest: a bare parameterised insert loop on the same PGlite database',
        },
        compared,
        // Set from 8.4× on two busy cores (HTTP, token, validation, the lead and its audit row in one statement;
        // 21× when they were four statements in a transaction): headroom for noise.
        12,
      ),
    ];
  } finally {
    await server.close();
    await db.close();
  }
}

/** Fill `db`, run every list part on it. */
async function onFilled(label: string, db: SqlDb): Promise<Figure[]> {
  const store = createSqlBureauStore(db);
  await store.migrate();
  const fillMs = await timed(() => fillLeads(db, LEADS));
  process.stderr.write(
    `${label}: ${LEADS} leads over ${FILL_ENTERPRISES} enterprises filled in ${Math.round(fillMs / 1000)} s\n`,
  );
  const figures: Figure[] = [];
  for (const part of LIST_PARTS) figures.push(...(await part({ label, db, store })));
  return figures;
}

export default async function main(): Promise<Figure[]> {
  setLogLevel('silent');
  const dir = await mkdtemp(join(tmpdir(), 'bureau-bench-'));
  try {
    const figures = await ingestFigures(dir);
    const pglite = await openPgliteDb(join(dir, 'million'));
    try {
      figures.push(...(await onFilled('PGlite', pglite)));
    } finally {
      await pglite.close();
    }
    // Memory stays absolute: it is PGlite's (WASM heap and buffers) with a million leads, not a speed.
    figures.push({
      name: `resident memory (RSS) after the PGlite half (${LEADS.toLocaleString('en-US')} leads)`,
      value: Math.round(process.memoryUsage().rss / 2 ** 20),
      unit: 'MiB',
    });
    if (TEST_PG_URL) {
      const server = await postgresDatabase.open();
      try {
        figures.push(...(await onFilled('PostgreSQL', server.db)));
      } finally {
        await server.drop();
      }
    } else {
      process.stderr.write(`${PG_SKIP_REASON}\n`);
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('bureau', main);
