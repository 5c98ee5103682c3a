/**
 * The process dies (SIGKILL: no cleanup, no flush) in the middle of work and is started again, through the real
 * CLI in a child process against the simulator running here (captchas read through the captcha gateway):
 * - a 5,000-row `batch`: the second run completes the job, every store file parses, each finding is logged
 *   exactly once, and the annotated roster holds every row;
 * - the console bot fed a burst of queries while the platform is down: every query it promised to answer later
 *   is answered once the platform is back, by the restarted bot.
 * The children of these two keep their store where the suite's do (CERT_VERIFY_TEST_STORE): on the embedded PGlite
 * of their data directory, which the test opens only once the child was killed or has ended (so the killed
 * database opening again is part of what passes), or on the PostgreSQL server in a schema each. What the test
 * waits for while a child runs is outside the database: the simulator's answers, the promises printed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { maskId } from '../../src/domain/mask.js';
import { isAcceptable, statusLabel, type VerdictStatus } from '../../src/domain/status.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { readRoster } from '../../src/roster/read/read-roster.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStore, type Store } from '../../src/store/store.js';
import { runBatch, type VerdictLog } from '../../src/verify/batch.js';
import { createPipeline } from '../../src/verify/pipeline.js';
import { defaultRules } from '../domain/ids.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { seamClient, testSettings } from '../lookup/helpers.js';
import { roster } from '../verify/batch-helpers.js';
import { type CaptchaGateway, startCaptchaGateway } from './captcha-gateway.js';
import { killHard, parseEveryJson, startCli, until, writeChildConfig } from './child-cli.js';
import { CHILD_ENGINE, type ChildDatabase, childStore } from './child-database.js';
import { makePeople, type Person, rosterRows, rosterXlsx, simulatorData, TODAY } from './fault-roster.js';
import { sized } from './soak.js';

const ROWS = sized(5_000, 20_000);
const PEOPLE = sized(900, 4_000);
const CHAT_BURST = sized(12, 40);

const people = makePeople(PEOPLE);

let simulator: RunningSimulator;
let gateway: CaptchaGateway;
let dir: string;

beforeAll(async () => {
  simulator = await startSimulator({
    data: simulatorData(people),
    exposeCaptchaAnswer: true,
    captcha: 'off',
    seed: 5,
  });
  gateway = await startCaptchaGateway(simulator.url);
  dir = await mkdtemp(join(tmpdir(), 'crash-'));
});

afterAll(async () => {
  await gateway?.close();
  await simulator?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The child's database for each test: a fresh schema on the server (dropped after it), or its PGlite. */
let db: ChildDatabase | undefined;
function childDb(): ChildDatabase {
  if (db === undefined) throw new Error('no child database');
  return db;
}

describe(`killed with SIGKILL in the middle of a batch (${CHILD_ENGINE})`, () => {
  beforeEach(async () => {
    db = await childStore(join(dir, 'batch-data'));
  });
  afterEach(() => db?.drop());

  it(`completes the ${ROWS}-row roster when started again, with every finding logged exactly once`, async () => {
    const dataDir = join(dir, 'batch-data');
    const input = join(dir, '五千人名单.xlsx');
    const out = join(dir, '五千人名单.核验结果.xlsx');
    const rows = rosterRows(people, ROWS);
    await writeFile(input, await rosterXlsx(rows));
    const config = await writeChildConfig(dir, gateway);
    const args = ['--config', config, '--data-dir', dataDir, '--lookup-url', gateway.url, '--today', TODAY];
    const batch = [
      ...args,
      '--min-interval-ms',
      '0',
      '--captcha',
      'http',
      '--json',
      'batch',
      input,
      '--out',
      out,
    ];

    const first = startCli(batch, childDb().env);
    // The simulator has answered a few hundred of the child's queries: their verdicts are saved (each a few
    // milliseconds after its answer), and the roster is far from done.
    await until('the first few hundred answers', async () => simulator.stats().answered >= 300);
    await killHard(first);
    expect(existsSync(out)).toBe(false);
    // (On PGlite: the database the kill cut off opens again.)
    const atKill = await childDb().batchJobs();
    expect(atKill.map((j) => j.state)).toEqual(['running']);
    expect(atKill[0]?.verdicts).toBeGreaterThan(0);
    expect(atKill[0]?.verdicts).toBeLessThan(PEOPLE);

    const second = startCli(batch, childDb().env);
    const { code } = await second.exited;
    expect(code, second.stderr().slice(-2000)).toBe(0);
    // It said it continued the job rather than starting over (the progress goes to stderr).
    expect(second.stderr()).toMatch(new RegExp(`共 ${PEOPLE} 人（${ROWS} 行），此前已完成 \\d+ 人`));

    // The summary counts every row under its true status.
    const expected: Partial<Record<VerdictStatus, number>> = {};
    for (const p of rows) expected[p.truth] = (expected[p.truth] ?? 0) + 1;
    const printed = JSON.parse(second.stdout()) as { total: number; byStatus: Record<string, number> };
    expect(printed.total).toBe(ROWS);
    expect(Object.fromEntries(Object.entries(printed.byStatus).filter(([, n]) => n > 0))).toEqual(expected);

    // Every file left in the data directory parses; the job is delivered, its verdicts gone with it.
    await parseEveryJson(dataDir);
    expect(await childDb().batchJobs()).toEqual([{ id: atKill[0]?.id, state: 'delivered', verdicts: 0 }]);

    // One finding per person whose status is a finding, counted once: none lost, none doubled (the child's
    // database read by the store's own findings log).
    const findings: Finding[] = await childDb().findings();
    const expectedFindings = people
      .filter((p) => !isAcceptable(p.truth))
      .map((p) => `${p.idNumber} ${p.truth} 1`)
      .sort();
    const problems = findings.filter((f) => !isAcceptable(f.status));
    expect(problems.map((f) => `${f.idNumber} ${f.status} ${f.count}`).sort()).toEqual(expectedFindings);
    // A certificate in force is a finding only with a concern beside it (past retirement age), logged once.
    for (const f of findings.filter((f) => isAcceptable(f.status))) {
      expect(f.concerns?.length, f.id).toBeGreaterThan(0);
      expect(f.count, f.id).toBe(1);
    }

    // The annotated roster holds every row.
    const annotated = await readRoster(
      { name: 'out.xlsx', bytes: await readFile(out) },
      { maxRows: 50_000, maxFileBytes: 100_000_000, maxUncompressedBytes: 500_000_000 },
      TODAY,
    );
    expect(annotated.sheets.reduce((n, s) => n + s.rows.length, 0)).toBe(ROWS);
  }, 300_000);
});

/** The reply blocks the console printed (each starts with `🤖 → `). */
function replies(stdout: string): string[] {
  return stdout.split('🤖 → ').slice(1);
}

function mentions(text: string, p: Person): boolean {
  return text.includes(p.idNumber) || text.includes(maskId(p.idNumber));
}

describe(`killed with SIGKILL in the middle of a burst of chat queries (${CHILD_ENGINE})`, () => {
  beforeEach(async () => {
    db = await childStore(join(dir, 'chat-data'));
  });
  afterEach(() => db?.drop());

  it('answers every query it queued once restarted and the platform is back', async () => {
    const dataDir = join(dir, 'chat-data');
    const asked = people.slice(0, CHAT_BURST);
    // Each query takes a few timeouts (the breaker stays closed), so the burst is still going at the kill.
    simulator.setFaults({ hangRate: 1 });
    const config = await writeChildConfig(dir, gateway, {
      timeoutMs: 150,
      retries: 1,
      breaker: { failureThreshold: 1_000, cooldownMs: 60_000 },
    });
    const args = ['--config', config, '--data-dir', dataDir, '--lookup-url', gateway.url, '--today', TODAY];
    const bot = [...args, '--min-interval-ms', '0', '--captcha', 'http', 'bot', '--console'];

    const first = startCli(bot, childDb().env);
    first.process.stdin?.write(asked.map((p) => `${p.name} ${p.idNumber}\n`).join(''));
    const promisedSoFar = () =>
      asked.filter((p) =>
        replies(first.stdout()).some((r) => mentions(r, p) && r.includes(statusLabel('unverifiable'))),
      );
    // A query is queued in the database before its reply promises a later answer (query-flow.ts).
    await until('half the burst queued', async () => promisedSoFar().length >= CHAT_BURST / 2);
    await killHard(first);

    const promised = promisedSoFar();
    const queued = await childDb().pendingIdNumbers();
    expect(promised.length).toBeGreaterThan(0);
    expect(promised.length).toBeLessThan(CHAT_BURST);
    // Every query the user was told would be answered later is in the database.
    expect(promised.filter((p) => !queued.includes(p.idNumber))).toEqual([]);

    simulator.setFaults({ hangRate: 0 });
    const second = startCli(bot, childDb().env);
    second.process.stdin?.end();
    const { code } = await second.exited;
    expect(code).toBe(0);
    const followUps = replies(second.stdout()).filter((r) => r.includes('之前暂时无法核验的证件已有结果'));
    const queuedPeople = asked.filter((p) => queued.includes(p.idNumber));
    for (const p of queuedPeople) {
      const reply = followUps.filter((r) => mentions(r, p));
      expect(reply, `follow-up for ${p.kind}`).toHaveLength(1);
      expect(reply[0]).toContain(statusLabel(p.truth));
    }
    expect(followUps).toHaveLength(queuedPeople.length);
    expect(await childDb().pendingIdNumbers()).toEqual([]);
  }, 240_000);
});

describe('a crash after a finding is logged and before its verdict is saved', () => {
  let store: Store;
  // The store's database starts here (the first of this file in this process): no part of the test's time.
  beforeAll(async () => {
    store = await openStore(join(dir, 'window-data'), { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  }, PGLITE_START_MS);
  afterAll(async () => {
    await store.close();
  });

  it('does not count the finding again when the job verifies that row once more', async () => {
    const pipeline = createPipeline({
      store,
      national: seamClient(testSettings(simulator.url)).client,
      rules: defaultRules(),
    });
    const who = people.slice(0, 12);
    const list = roster(who.map((p) => [p.name, p.idNumber, p.item || undefined]));
    const saved = new Map<string, Verdict>();
    const crashing: VerdictLog = {
      id: 'job-1',
      saved: (key) => saved.get(key),
      // The process "dies" before any verdict that is a finding reaches the disk.
      save: async (key, verdict) => {
        if (!isAcceptable(verdict.status)) throw new Error('killed');
        saved.set(key, verdict);
      },
    };
    const deps = {
      pipeline,
      requester: { channel: 'batch' as const, userId: 'crash' },
      today: TODAY,
      concurrency: 1,
    };
    await expect(runBatch(list, { ...deps, job: crashing })).rejects.toThrow('killed');
    // Findings were logged whose verdicts never reached the job.
    expect((await store.findings.list()).length).toBeGreaterThan(0);
    expect([...saved.values()].some((v) => !isAcceptable(v.status))).toBe(false);

    const result = await runBatch(list, {
      ...deps,
      job: { ...crashing, save: async (k, v) => void saved.set(k, v) },
    });
    expect(result.results.map((r) => r.verdict.status)).toEqual(who.map((p) => p.truth));
    const findings = (await store.findings.list()).map((f) => `${f.idNumber} ${f.status} ${f.count}`).sort();
    const expected = who
      .filter((p) => !isAcceptable(p.truth))
      .map((p) => `${p.idNumber} ${p.truth} 1`)
      .sort();
    expect(findings).toEqual(expected);
  });
});
