/**
 * Three instances as one bot: three `cert-verify bot` processes on one PostgreSQL schema, each with the WeCom robot
 * and the service account, against the simulator whose WAF refuses a query that comes sooner than the interval
 * (less a margin for the trip from the grant to the simulator) and more than the rate limit a minute. Two rosters
 * come in through the robot (to the instance holding its one connection) and chat queries through both doors at
 * once (the service account's to the other two instances, one message to both of them as a load balancer may send
 * WeChat's retry); the robot's instance is killed with SIGKILL mid-roster and not started again: the survivors take over the robot
 * and, once its lease has run out, the roster it was running. Then: the simulator refused nothing and
 * saw no two queries closer than the interval; each roster came back once with every row annotated once; each
 * query was answered once; every finding and every lead is in the database once; WeCom never saw two live
 * connections while instances started, died and took over.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAcceptable, statusLabel } from '../../src/domain/status.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { mpCallbackDriver, textMessage } from '../fakes/mp-callback-driver.js';
import { type FakeMpApi, startFakeMpApi } from '../fakes/wechat-mp-api.js';
import { type BotFrame, startWecomBotServer, type WecomBotServer } from '../fakes/wecom-bot-server.js';
import { type CaptchaGateway, startCaptchaGateway } from '../faults/captcha-gateway.js';
import { until, writeChildConfig } from '../faults/child-cli.js';
import { makePeople, type Person, rosterXlsx, simulatorData, TODAY } from '../faults/fault-roster.js';
import { PG_SKIP_REASON, TEST_PG_URL } from '../helpers/databases.js';
import { annotatedRows } from './annotated-rows.js';
import { type BotProcess, freePort, startBotProcess } from './bot-process.js';
import { ACCOUNT, ROBOT, WECOM_ADMIN } from './doors-on-simulator.js';

const INTERVAL_MS = 500;
/**
 * The trip from a grant in the database to the simulator (a bot process, the captcha gateway and the simulator in
 * this process, on a shared machine) varies: by more than 100 ms on two cores at a load average of 10. The WAF
 * allows for it.
 */
const TRIP_MARGIN_MS = 150;
/**
 * How long a running roster's job is held without renewal before a surviving instance takes it over: short, so the
 * killed instance's roster moves on within the test (its next round comes at the host's tick, once a minute).
 */
const JOB_LEASE_MS = 5_000;

/** The absent present a certificate number of a special operation: each is a lead when nothing is found. */
const people = makePeople(48).map(
  (p): Person => (p.kind === 'absent' ? { ...p, personType: '特种作业人员' } : p),
);
const ROSTERS = [
  { name: '名单甲.xlsx', result: '名单甲.核验结果.xlsx', rows: people.slice(0, 18) },
  { name: '名单乙.xlsx', result: '名单乙.核验结果.xlsx', rows: people.slice(18, 36) },
];
/** People asked about in chat: found ones (valid and expired), none of them on a roster. */
const asked = people
  .slice(36)
  .filter((p) => p.kind !== 'absent')
  .slice(0, 6);
const onWecom = asked.slice(0, 2);
const onMp = asked.slice(2, 6);
const WECOM_ASKER = 'banzu-li';

/** The text of a stream reply or a proactive markdown message. */
function textOf(frame: BotFrame): string {
  return frame.body?.stream?.content ?? frame.body?.markdown?.content ?? '';
}

/** Whether an answer is about `p` (a single chat shows the full ID number). */
function mentions(text: string, p: Person): boolean {
  return text.includes(p.idNumber);
}

/** The most connections open at the same moment. */
function mostAtOnce(connections: ReadonlyArray<{ openedAt: number; closedAt?: number }>): number {
  return Math.max(
    0,
    ...connections.map(
      (c) =>
        connections.filter((o) => o.openedAt <= c.openedAt && (o.closedAt ?? Infinity) > c.openedAt).length,
    ),
  );
}

describe.skipIf(!TEST_PG_URL)(
  `three bot instances on one PostgreSQL${TEST_PG_URL ? '' : `（${PG_SKIP_REASON}）`}`,
  () => {
    const schema = `three_bots_${randomBytes(4).toString('hex')}`;
    const times: number[] = [];
    let dir: string;
    let simulator: RunningSimulator;
    let gateway: CaptchaGateway;
    let wecom: WecomBotServer;
    let mpApi: FakeMpApi;
    const instances: BotProcess[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'three-bots-'));
      simulator = await startSimulator({
        data: simulatorData(people),
        exposeCaptchaAnswer: true,
        seed: 3,
        rateLimit: Math.floor(60_000 / INTERVAL_MS),
        minIntervalMs: INTERVAL_MS - TRIP_MARGIN_MS,
        onQuery: (at) => times.push(at),
      });
      gateway = await startCaptchaGateway(simulator.url);
      wecom = await startWecomBotServer(ROBOT);
      mpApi = await startFakeMpApi({ appId: ACCOUNT.appId, appSecret: ACCOUNT.appSecret });
    });

    afterAll(async () => {
      for (const instance of instances)
        if (instance.child.process.exitCode === null) await instance.kill().catch(() => {});
      await wecom?.close();
      await mpApi?.close();
      await gateway?.close();
      await simulator?.close();
      const db = await openPgDb(TEST_PG_URL);
      await db.exec(`drop schema if exists ${schema} cascade`);
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('behave as one bot while the instance holding the robot is killed mid-roster', async () => {
      const config = await writeChildConfig(
        dir,
        gateway,
        {},
        {
          chat: { maxQueriesPerHour: 1_000, admins: [`wecom:${WECOM_ADMIN}`] },
          // Progress only at the quarters; a row left unverifiable must show as such.
          batch: { retryRounds: 0, progressIntervalMs: 600_000, jobLeaseMs: JOB_LEASE_MS },
          wecom: { bot: { ...ROBOT, wsUrl: wecom.url } },
          mp: { ...ACCOUNT, host: '127.0.0.1', apiBaseUrl: mpApi.url },
        },
      );
      const args = [
        '--config',
        config,
        '--lookup-url',
        gateway.url,
        '--today',
        TODAY,
        '--min-interval-ms',
        String(INTERVAL_MS),
        '--captcha',
        'http',
      ];
      const ports = [await freePort(), await freePort(), await freePort()];
      const start = (i: number) => {
        const instance = startBotProcess({
          args,
          dataDir: join(dir, `instance-${i}`),
          mpPort: ports[i] as number,
          databaseUrl: TEST_PG_URL,
          schema,
        });
        instances.push(instance);
        return instance;
      };
      // The first instance takes the robot's connection; the other two start once it holds it.
      const robot = start(0);
      await robot.ready;
      await wecom.authenticated(1);
      await Promise.all([start(1).ready, start(2).ready]);

      const mp = [1, 2].map((i) =>
        mpCallbackDriver({
          url: `http://127.0.0.1:${ports[i]}/wechat/mp`,
          token: ACCOUNT.token,
          appId: ACCOUNT.appId,
          encodingAesKey: ACCOUNT.encodingAesKey,
        }),
      );
      // Everything at once: both rosters, the robot's queries, the service account's (the first one to both).
      for (const roster of ROSTERS)
        wecom.file(
          { userid: WECOM_ADMIN },
          await rosterXlsx(roster.rows, { certNumbers: true }),
          roster.name,
        );
      for (const p of onWecom) wecom.text({ userid: WECOM_ASKER }, `${p.name} ${p.idNumber}`);
      const passive = await Promise.all(
        onMp.flatMap((p, i) => {
          const openId = `o-worker-${i}`;
          mpApi.userWrote(openId, Date.now());
          const message = textMessage({
            from: openId,
            content: `${p.name} ${p.idNumber}`,
            msgId: `${100 + i}`,
          });
          const to = i === 0 ? mp : [mp[i % 2] as (typeof mp)[number]];
          return to.map((driver) => driver.post(message));
        }),
      );

      /** Every answer text so far: the robot's frames, the passive replies, the customer-service messages. */
      const answers = () => [
        ...wecom.calls.map(textOf).filter((t) => t !== ''),
        ...passive.flatMap((r) => (r.reply?.Content ? [r.reply.Content] : [])),
        ...mpApi.sent.map((s) => s.content),
      ];
      await until(
        'every chat query answered',
        async () => asked.every((p) => answers().some((t) => mentions(t, p))),
        120_000,
      );
      const resultFiles = (name: string) =>
        wecom.calls.filter(
          (f) => f.body?.msgtype === 'file' && wecom.mediaName(f.body.file?.media_id) === name,
        );
      // Chat goes first: the queries after these are the rosters'. Kill once the platform has seen some.
      const before = simulator.stats().queries;
      await until('some roster rows asked', async () => simulator.stats().queries >= before + 4);
      await robot.kill();
      expect(ROSTERS.flatMap((r) => resultFiles(r.result))).toEqual([]);
      // Not started again: the survivors take its roster over once the job's lease has run out.

      await until(
        'both rosters back',
        async () => ROSTERS.every((r) => resultFiles(r.result).length > 0),
        150_000,
      );
      // Stopped as systemd stops them: what is in hand goes out first.
      const alive = instances.filter((i) => i.child.process.exitCode === null && !i.child.process.killed);
      expect(await Promise.all(alive.map((i) => i.stop()))).toEqual(alive.map(() => 0));

      // One platform budget: nothing refused, no two queries closer than the interval.
      const gaps = times.slice(1).map((at, i) => at - (times[i] as number));
      const closest = `closest gaps (ms): ${[...gaps].sort((a, b) => a - b).slice(0, 5)}`;
      expect(simulator.stats().rateLimited, closest).toBe(0);
      expect(Math.min(...gaps), closest).toBeGreaterThanOrEqual(INTERVAL_MS - TRIP_MARGIN_MS);

      // Each roster back once, every row annotated once with its true status.
      for (const roster of ROSTERS) {
        const files = resultFiles(roster.result);
        expect(files, roster.name).toHaveLength(1);
        const rows = await annotatedRows(wecom.media((files[0] as BotFrame).body.file.media_id));
        expect(rows.map((r) => r.身份证号).sort(), roster.name).toEqual(
          roster.rows.map((p) => p.idNumber).sort(),
        );
        for (const p of roster.rows)
          expect(rows.find((r) => r.身份证号 === p.idNumber)?.核验结论, p.kind).toBe(statusLabel(p.truth));
      }

      // Each chat query answered once, with its true status.
      for (const p of asked) {
        const said = answers().filter((t) => mentions(t, p));
        expect(said, p.kind).toHaveLength(1);
        expect(said[0], p.kind).toContain(statusLabel(p.truth));
      }

      // In the shared database: each problem once, counted once; each lead once.
      const db = await openPgDb(TEST_PG_URL);
      try {
        const findings = await db.query<{
          id_number: string;
          status: string;
          count: number;
          concerns: string;
        }>(
          `select body->>'idNumber' as id_number, status, count, body->>'concerns' as concerns
           from ${schema}.findings`,
        );
        const everyone = [...ROSTERS.flatMap((r) => r.rows), ...asked];
        expect(
          findings
            .filter((f) => !isAcceptable(f.status as Person['truth']))
            .map((f) => `${f.id_number} ${f.status} ${f.count}`)
            .sort(),
        ).toEqual(
          everyone
            .filter((p) => !isAcceptable(p.truth))
            .map((p) => `${p.idNumber} ${p.truth} 1`)
            .sort(),
        );
        // A certificate in force is a finding only with a concern beside it (past retirement age), once.
        for (const f of findings.filter((f) => isAcceptable(f.status as Person['truth']))) {
          expect(f.concerns).toBeTruthy();
          expect(f.count).toBe(1);
        }
        const leads = await db.query<{ id_number: string }>(`select id_number from ${schema}.outbox_leads`);
        expect(leads.map((l) => l.id_number).sort()).toEqual(
          everyone
            .filter((p) => p.kind === 'absent')
            .map((p) => p.idNumber)
            .sort(),
        );
      } finally {
        await db.close();
      }

      // One connection to WeCom at any time; the robot's connection moved when its instance died.
      expect(wecom.connections.length).toBeGreaterThanOrEqual(2);
      expect(mostAtOnce(wecom.connections)).toBe(1);
      expect(wecom.maxLive).toBe(1);
    }, 300_000);
  },
);
