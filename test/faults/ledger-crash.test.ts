/**
 * The real CLI in a child process, killed with SIGKILL in the middle of ledger work and started again:
 * - `ledger import` killed while verifying: the same import again verifies the people it left (not "added 0,
 *   unchanged 31" and nobody verified), and counts no finding twice;
 * - `remind` killed while its push is on its way: the next run sends that digest once more, marked as possibly
 *   repeated, and the run after that sends nothing.
 * The import's children keep their store where the suite's do (CERT_VERIFY_TEST_STORE): on the PostgreSQL server in
 * a schema of their own, where the test watches the ledger document while they run, or on the embedded PGlite of
 * their data directory, which the test opens only once the child was killed (so the killed database opening again
 * is part of what passes). The remind children run on their embedded database: killed mid-run, it must open
 * again for the next run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatorData, type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import type { LedgerData } from '../../src/store/ledger-store.js';
import { POSSIBLY_REPEATED } from '../../src/verify/ledger-words.js';
import { ROSTER_DEMO } from '../verify/ledger-helpers.js';
import { type CaptchaGateway, startCaptchaGateway } from './captcha-gateway.js';
import { killHard, startCli, until, writeChildConfig } from './child-cli.js';
import { CHILD_ENGINE, type ChildDatabase, childStore } from './child-database.js';

const TODAY = '2026-11-24';
/** Good rows of the sample roster. */
const PEOPLE = 31;

let simulator: RunningSimulator;
let gateway: CaptchaGateway;
let dir: string;

beforeAll(async () => {
  simulator = await startSimulator({
    data: await loadSimulatorData(resolve('data/samples/people.json')),
    exposeCaptchaAnswer: true,
    captcha: 'off',
    seed: 23,
  });
  gateway = await startCaptchaGateway(simulator.url);
  dir = await mkdtemp(join(tmpdir(), 'ledger-crash-'));
});

afterAll(async () => {
  await gateway?.close();
  await simulator?.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * The people of 甲公司's ledger in the child's database (none while the document does not exist); on PGlite only
 * while no child runs.
 */
async function peopleIn(db: ChildDatabase) {
  const data = await db.document<LedgerData>('ledger');
  return data?.books.甲公司?.people ?? [];
}

/** Run the child to its end; rejects when it fails. */
async function run(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = startCli(args, env);
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`exit ${code}: ${child.stderr()}`);
  return child.stdout();
}

describe(`ledger import killed while verifying (${CHILD_ENGINE})`, () => {
  let db: ChildDatabase;
  beforeAll(async () => {
    db = await childStore(join(dir, 'import-data'));
  });
  afterAll(() => db?.drop());

  it('verifies the people it left when run again, and logs each finding once', async () => {
    const dataDir = join(dir, 'import-data');
    // 200 ms between queries: the 31 people take seconds, so the kill lands in the middle.
    const config = await writeChildConfig(dir, gateway, { minIntervalMs: 200 });
    const args = ['--config', config, '--data-dir', dataDir, '--lookup-url', gateway.url, '--today', TODAY];
    const importArgs = [...args, '--json', 'ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司'];

    const captchasBefore = gateway.ocrAnswered();
    const first = startCli(importArgs, db.env);
    if (db.engine === 'pg')
      await until('the people in the ledger and a few of them verified', async () => {
        const people = await peopleIn(db);
        return people.length === PEOPLE && people.filter((p) => p.latest !== undefined).length >= 3;
      });
    // PGlite cannot be read while the child holds it: the people are added before any is verified, and a few
    // queries made (a captcha read each) mean the verifying has begun.
    else await until('a few people being verified', async () => gateway.ocrAnswered() - captchasBefore >= 5);
    await killHard(first);
    const atKill = await peopleIn(db);
    expect(atKill).toHaveLength(PEOPLE);
    const left = atKill.filter((p) => p.latest === undefined).length;
    expect(left).toBeGreaterThan(0);

    const result = JSON.parse(await run(importArgs, db.env));
    expect(result).toMatchObject({ added: 0, unchanged: PEOPLE, verified: left, resumed: left });
    const after = await peopleIn(db);
    expect(after.filter((p) => p.latest === undefined)).toEqual([]);
    expect(after.every((p) => p.history.length === 1)).toBe(true);

    // Nothing is left: a third run verifies nobody.
    const again = JSON.parse(await run(importArgs, db.env));
    expect(again).toMatchObject({ added: 0, unchanged: PEOPLE });
    expect(again.verified).toBeUndefined();

    const findings = await db.findings();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.count !== 1)).toEqual([]);
  }, 240_000);
});

/** A group-robot webhook on loopback that holds the first send unanswered (the push on its way at the kill). */
async function startHoldingWebhook() {
  const texts: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      texts.push(String(body.text?.content ?? body.markdown?.content ?? ''));
      if (texts.length === 1) held.push(res);
      else res.setHeader('content-type', 'application/json').end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    texts,
    close: () => {
      for (const res of held) res.destroy();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

describe('remind killed while its push is on its way', () => {
  it('sends the digest once more, marked as possibly repeated, then nothing', async () => {
    const dataDir = join(dir, 'remind-data');
    const webhook = await startHoldingWebhook();
    try {
      const config = await writeChildConfig(dir, gateway, { minIntervalMs: 0 });
      const settings = JSON.parse(await readFile(config, 'utf8'));
      settings.wecom = { apiBaseUrl: webhook.url, webhook: { key: 'remind-key', groups: {} } };
      settings.ledger = { webhooks: { 甲公司: '' } };
      await writeFile(config, JSON.stringify(settings));
      const args = ['--config', config, '--data-dir', dataDir, '--lookup-url', gateway.url, '--today', TODAY];
      await run([...args, 'ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司']);

      const first = startCli([...args, 'remind']);
      await until('the push on its way', async () => webhook.texts.length > 0);
      await killHard(first);
      expect(webhook.texts[0]).not.toContain(POSSIBLY_REPEATED);

      await run([...args, 'remind']);
      const resent = webhook.texts.slice(1);
      expect(resent.length).toBeGreaterThan(0);
      expect(resent[0]).toContain(POSSIBLY_REPEATED);
      expect(resent.join('\n')).toContain('陈静');

      const quiet = JSON.parse(await run([...args, '--json', 'remind']));
      expect(quiet.enterprises[0]).toMatchObject({ enterprise: '甲公司', events: [], digest: null });
      expect(webhook.texts).toHaveLength(1 + resent.length);
    } finally {
      await webhook.close();
    }
  }, 240_000);
});
