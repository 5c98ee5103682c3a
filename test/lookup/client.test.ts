import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupAnswer } from '../../src/domain/certificate.js';
import {
  BlockedError,
  CaptchaError,
  CircuitOpenError,
  InputError,
  LookupError,
  UnreachableError,
} from '../../src/domain/errors.js';
import { createNationalLookup } from '../../src/lookup/national/client.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { simulatorCaptchaSeam } from '../helpers/simulator-captcha.js';
import { DATA, MANAGER, NOBODY, PRINCIPAL, seamClient, testSettings, WELDER, WORKER } from './helpers.js';

const running: RunningSimulator[] = [];
async function simulator(
  options: Partial<Parameters<typeof startSimulator>[0]> = {},
): Promise<RunningSimulator> {
  const sim = await startSimulator({ data: DATA, exposeCaptchaAnswer: true, seed: 7, ...options });
  running.push(sim);
  return sim;
}
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

/**
 * The lookup settings of the cases that are not about hangs: a timeout of seconds, so a response a loaded
 * machine is slow to give is not a spurious timeout (an extra attempt that breaks the exact counts). The hang
 * cases keep testSettings' short timeout.
 */
const PATIENT_TIMEOUT_MS = 5_000;
function patientSettings(baseUrl: string, change: Parameters<typeof testSettings>[1] = {}) {
  return testSettings(baseUrl, { timeoutMs: PATIENT_TIMEOUT_MS, ...change });
}

/** A fake clock the client sleeps on (sleeping moves it on), shared with the simulator when asked. */
function fakeClock(start = 1_700_000_000_000) {
  const clock = { now: start, slept: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.now += ms;
    },
  };
}

describe('national client on a healthy simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator();
  });

  it('finds one certificate with its fields', async () => {
    const { client, solver } = seamClient(patientSettings(sim.url));
    const answer = await client.lookup({ ...WORKER, personType: 'special' });
    expect(answer.history).toEqual([]);
    expect(answer.current).toEqual([
      {
        kind: 'special',
        ...WORKER,
        certNumber: `T${WORKER.idNumber}`,
        category: '电工作业',
        item: '低压电工作业',
        validFrom: '2025-03-10',
        validUntil: '2031-03-10',
        reviewDue: '2028-03-10',
        issuer: '北京市应急管理局',
      },
    ]);
    expect(solver.told).toEqual({ right: 1, wrong: 0 });
    expect(client.counters()).toMatchObject({
      queries: 1,
      answered: 1,
      found: 1,
      attempts: 1,
      captchaTries: 1,
    });
  });

  it('finds several certificates and keeps history apart', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    const answer = await client.lookup({ ...WELDER, personType: 'special' });
    expect(answer.current.map((c) => c.item).sort()).toEqual(['低压电工作业', '熔化焊接与热切割作业']);
    expect(answer.history.map((c) => c.validUntil)).toEqual(['2024-10-08']);
  });

  it('asks each person type with its own code and certificate kind', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    const asManager = await client.lookup({ ...WELDER, personType: 'manager' });
    expect(asManager.current).toEqual([
      { kind: 'safety', ...WELDER, role: '安全生产管理人员', industry: '建筑施工', validUntil: '2027-05-01' },
    ]);
    expect(await client.lookup({ ...WELDER, personType: 'principal' })).toEqual({ current: [], history: [] });
    expect(await client.lookup({ ...MANAGER, personType: 'special' })).toEqual({ current: [], history: [] });
  });

  it('asks each person type with its own code', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    expect((await client.lookup({ ...WORKER, personType: 'special' })).current[0]?.kind).toBe('special');
    const manager = await client.lookup({ ...MANAGER, personType: 'manager' });
    expect(manager.current[0]?.role).toBe('安全生产管理人员');
    expect(await client.lookup({ ...MANAGER, personType: 'principal' })).toEqual({
      current: [],
      history: [],
    });
    const principal = await client.lookup({ ...PRINCIPAL, personType: 'principal' });
    expect(principal).toMatchObject({ current: [{ role: '主要负责人' }] });
  });

  it('reads nothing found as an empty answer', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    expect(await client.lookup({ ...NOBODY, personType: 'special' })).toEqual({ current: [], history: [] });
    expect(client.counters()).toMatchObject({ answered: 1, found: 0 });
  });

  it('refuses bad input at once, without asking the platform', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    const before = sim.stats().captchaRequests;
    await expect(client.lookup({ idNumber: '12345', name: '张伟', personType: 'special' })).rejects.toThrow(
      InputError,
    );
    await expect(client.lookup({ ...WORKER, name: ' ', personType: 'special' })).rejects.toThrow(InputError);
    expect(sim.stats().captchaRequests).toBe(before);
  });

  it('fetches a fresh captcha after a wrong answer', async () => {
    const settings = patientSettings(sim.url);
    const { http, solver } = simulatorCaptchaSeam(settings);
    let calls = 0;
    const clumsy = {
      ...solver,
      name: 'clumsy',
      solve: async (png: Buffer) => (++calls === 1 ? '0000x' : solver.solve(png)),
    };
    // '0000x' is not a real answer but the platform takes it: it says 验证码错误, the client tries again.
    const client = createNationalLookup(settings, clumsy, { http });
    const wrongBefore = sim.stats().wrongCaptchas;
    const answer = await client.lookup({ ...WORKER, personType: 'special' });
    expect(answer.current).toHaveLength(1);
    expect(sim.stats().wrongCaptchas).toBe(wrongBefore + 1);
    expect(client.counters()).toMatchObject({ captchaTries: 2, captchaMisses: 1, attempts: 1 });
    expect(solver.told).toEqual({ right: 1, wrong: 1 });
  });

  it('keeps at least minIntervalMs between queries', async () => {
    const fake = fakeClock();
    const { client } = seamClient(patientSettings(sim.url, { minIntervalMs: 3000 }), fake);
    await client.lookup({ ...WORKER, personType: 'special' });
    expect(fake.clock.slept).toEqual([]);
    fake.clock.now += 1000;
    await client.lookup({ ...WORKER, personType: 'special' });
    expect(fake.clock.slept).toEqual([2000]);
  });

  it('answers a person waiting in chat before the roster rows and re-checks already queued', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    const order: string[] = [];
    const ask = (label: string, who: typeof WORKER, priority: 'chat' | 'batch' | 'background') =>
      client.lookup({ ...who, personType: 'special', priority }).then(() => order.push(label));
    const running = ask('第一行', WORKER, 'batch');
    const waiting = [
      ask('复查', WELDER, 'background'),
      ask('第二行', MANAGER, 'batch'),
      ask('第三行', NOBODY, 'batch'),
      ask('聊天', WELDER, 'chat'),
    ];
    await Promise.all([running, ...waiting]);
    // The first row was already being asked; then the chat query, the rows in their order, the re-check last.
    expect(order).toEqual(['第一行', '聊天', '第二行', '第三行', '复查']);
  });

  it('asks one query at a time', async () => {
    const { client } = seamClient(patientSettings(sim.url));
    const who = [WORKER, WELDER, MANAGER, NOBODY];
    const answers = await Promise.all(who.map((w) => client.lookup({ ...w, personType: 'special' })));
    expect(answers.map((a) => a.current.length)).toEqual([1, 2, 0, 0]);
  });
});

describe('national client on a faulty simulator', () => {
  it('recovers from captcha answers the platform rejects', async () => {
    const sim = await simulator({ captchaRejectRate: 0.5 });
    const { client } = seamClient(patientSettings(sim.url, { captchaTries: 10 }));
    for (const who of [WORKER, WELDER, WORKER, WELDER]) {
      expect((await client.lookup({ ...who, personType: 'special' })).current.length).toBeGreaterThan(0);
    }
    expect(sim.stats().faults.captchaReject).toBeGreaterThan(0);
    expect(client.counters().captchaMisses).toBe(sim.stats().faults.captchaReject);
  });

  it('gives up with CaptchaError after captchaTries refusals', async () => {
    const sim = await simulator({ captchaRejectRate: 1 });
    const { client } = seamClient(patientSettings(sim.url, { captchaTries: 3 }));
    await expect(client.lookup({ ...WORKER, personType: 'special' })).rejects.toThrow(CaptchaError);
    expect(client.counters()).toMatchObject({
      captchaTries: 3,
      attempts: 1,
      failures: { captcha_failed: 1 },
    });
  });

  it.each([
    ['failures (HTTP 5xx)', { failRate: 0.4 }, 'unreachable', patientSettings],
    ['garbage', { garbageRate: 0.4 }, 'unexpected_answer', patientSettings],
    ['hangs', { hangRate: 0.25 }, 'unreachable', testSettings], // the short timeout ends each hang
  ] as const)('retries through %s', async (_label, faults, code, lookupSettings) => {
    const sim = await simulator(faults);
    const { client } = seamClient(lookupSettings(sim.url, { retries: 8 }));
    for (const who of [WORKER, WELDER, WORKER, WELDER, WORKER]) {
      expect((await client.lookup({ ...who, personType: 'special' })).current.length).toBeGreaterThan(0);
    }
    const counters = client.counters();
    expect(counters.answered).toBe(5);
    expect(counters.attemptFailures[code]).toBeGreaterThan(0);
    expect(counters.attempts).toBe(5 + (counters.attemptFailures[code] ?? 0));
  });

  it('a burst that trips the rate limit waits and gets through', async () => {
    const fake = fakeClock();
    const sim = await simulator({ rateLimit: 3, now: fake.now });
    const { client } = seamClient(
      patientSettings(sim.url, { retries: 3, retryMinDelayMs: 20_000, retryMaxDelayMs: 60_000 }),
      fake,
    );
    const burst = [WORKER, WELDER, WORKER, WELDER, WORKER, WELDER];
    const answers = await Promise.all(burst.map((w) => client.lookup({ ...w, personType: 'special' })));
    expect(answers.every((a) => a.current.length > 0)).toBe(true);
    expect(sim.stats().rateLimited).toBeGreaterThan(0);
    expect(client.counters().attemptFailures.blocked).toBe(sim.stats().rateLimited);
    // it backed off: the waits grow from retryMinDelayMs
    expect(Math.max(...fake.clock.slept)).toBeGreaterThanOrEqual(10_000);
  });

  it('reports a rate-limit block that does not heal as BlockedError', async () => {
    const sim = await simulator({ rateLimit: 1 });
    const { client } = seamClient(patientSettings(sim.url, { retries: 1 }));
    await client.lookup({ ...WORKER, personType: 'special' });
    await expect(client.lookup({ ...WORKER, personType: 'special' })).rejects.toThrow(BlockedError);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, rejects at once (queued waiters too), and recovers after the cooldown', async () => {
    const sim = await simulator({ failRate: 1 });
    const fake = fakeClock();
    const settings = patientSettings(sim.url, {
      retries: 0,
      breaker: { failureThreshold: 3, cooldownMs: 30_000 },
    });
    const { client } = seamClient(settings, fake);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => client.lookup({ ...WORKER, personType: 'special' })),
    );
    const reasons = results.map((r) =>
      r.status === 'rejected' ? (r.reason as Error).constructor.name : 'answer',
    );
    expect(reasons).toEqual([
      'UnreachableError',
      'UnreachableError',
      'UnreachableError',
      'CircuitOpenError',
      'CircuitOpenError',
      'CircuitOpenError',
    ]);
    const asked = sim.stats().captchaRequests;
    await expect(client.lookup({ ...WORKER, personType: 'special' })).rejects.toThrow(CircuitOpenError);
    expect(sim.stats().captchaRequests).toBe(asked); // the platform was not asked
    expect(client.breaker.state).toBe('open');

    sim.setFaults({ failRate: 0 });
    fake.clock.now += 30_000;
    expect(client.breaker.state).toBe('half_open');
    expect((await client.lookup({ ...WORKER, personType: 'special' })).current).toHaveLength(1);
    expect(client.breaker.state).toBe('closed');
  });

  it('a failed half-open probe opens it again', async () => {
    const sim = await simulator({ failRate: 1 });
    const fake = fakeClock();
    const settings = patientSettings(sim.url, {
      retries: 0,
      breaker: { failureThreshold: 2, cooldownMs: 10_000 },
    });
    const { client } = seamClient(settings, fake);
    for (let i = 0; i < 2; i++)
      await expect(client.lookup({ ...WORKER, personType: 'special' })).rejects.toThrow(UnreachableError);
    fake.clock.now += 10_000;
    await expect(client.lookup({ ...WORKER, personType: 'special' })).rejects.toThrow(UnreachableError);
    await expect(client.lookup({ ...WORKER, personType: 'special' })).rejects.toThrow(CircuitOpenError);
    expect(client.breaker.timesOpened).toBe(2); // opened, then opened again by the failed probe
  });
});

describe('a failure is never "nothing found"', () => {
  it('every query about a known person either finds the certificate or fails with a LookupError', async () => {
    const sim = await simulator({
      failRate: 0.2,
      garbageRate: 0.2,
      hangRate: 0.1,
      captchaRejectRate: 0.3,
      seed: 11,
    });
    // No retries and one captcha try: many queries fail, none may come back empty.
    const settings = testSettings(sim.url, {
      retries: 0,
      captchaTries: 1,
      timeoutMs: 200,
      breaker: { failureThreshold: 1000, cooldownMs: 0 },
    });
    const { client } = seamClient(settings);
    const outcomes: Array<LookupAnswer | LookupError> = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(
        await client.lookup({ ...WORKER, personType: 'special' }).catch((e: unknown) => e as LookupError),
      );
    }
    const failed = outcomes.filter((o) => o instanceof Error);
    expect(failed.length).toBeGreaterThan(5); // the faults really happened
    for (const failure of failed) expect(failure).toBeInstanceOf(LookupError);
    for (const answer of outcomes.filter((o): o is LookupAnswer => !(o instanceof Error))) {
      expect(answer.current).toHaveLength(1);
    }
    expect(new Set(failed.map((f) => f.code))).toEqual(
      new Set(['unreachable', 'unexpected_answer', 'captcha_failed']),
    );
  });
});
