import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorData } from '../../src/simulator/data.js';
import { drawFaults, faultSettingProblems } from '../../src/simulator/faults.js';
import { seededRandom } from '../../src/simulator/random.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/server.js';
import { getCaptcha, parseJson, type RawAnswer, solvedQuery, type Who } from './helpers.js';

const ID = '110105194912310021';
const DATA: SimulatorData = {
  certificates: [
    { kind: 'special', idNumber: ID, name: '李四', item: '低压电工作业', validUntil: '2030-01-01' },
  ],
};
const LI: Who = { name: '李四', idcardNum: ID, personTypeCode: '03' };

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: Partial<SimulatorOptions>): Promise<RunningSimulator> {
  const sim = await startSimulator({ data: DATA, seed: 5, exposeCaptchaAnswer: true, ...options });
  running.push(sim);
  return sim;
}

/** A short label of what came back, to compare sequences. */
function outcome(res: RawAnswer): string {
  if (res.status !== 200) return `http${res.status}`;
  const json = parseJson(res.text) as { code: number; msg: string } | undefined;
  return json ? `${json.code}:${json.msg}` : 'garbage';
}

/** Polls `check` until it holds or `timeoutMs` passes (generous: the first fetch of a process loads undici). */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('server failures', () => {
  it('failRate 1 answers every request with HTTP 500, 502 or 503', async () => {
    const sim = await start({ failRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${sim.url}/prod-api/certsearch/code`);
      statuses.add(res.status);
      const text = await res.text();
      if (res.status === 500)
        expect(parseJson(text)).toMatchObject({ status: 500, error: 'Internal Server Error' });
      else expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    }
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect(sim.stats()).toMatchObject({ captchaRequests: 0, faults: { fail: 12 } });
  });

  it('failRate 0 never fails, and setFaults lets the platform recover mid-run', async () => {
    const sim = await start({ failRate: 1 });
    expect((await solvedQuery(sim.url, LI)).status).toBeGreaterThanOrEqual(500);
    sim.setFaults({ failRate: 0 });
    for (let i = 0; i < 5; i++) expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
  });
});

describe('hanging requests', () => {
  it('hangRate 1 never answers, and close() ends the hanging socket', async () => {
    const sim = await start({ hangRate: 1 });
    const pending = fetch(`${sim.url}/prod-api/certsearch/code`).then(
      () => 'answered',
      () => 'socket closed',
    );
    await until(() => sim.stats().faults.hang === 1);
    await sim.close();
    expect(await pending).toBe('socket closed');
  });

  it('hangRate 0 answers everything', async () => {
    const sim = await start({ hangRate: 0 });
    for (let i = 0; i < 5; i++) expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
    expect(sim.stats().faults.hang).toBe(0);
  });
});

describe('garbage answers', () => {
  it('garbageRate 1 truncates the JSON of both endpoints', async () => {
    const sim = await start({ garbageRate: 1 });
    const captcha = await getCaptcha(sim.url);
    expect(captcha.status).toBe(200);
    expect(captcha.headers.get('content-type')).toMatch(/^application\/json/);
    expect(parseJson(captcha.text)).toBeUndefined();
    expect(captcha.text.startsWith('{"msg":"操作成功"')).toBe(true);
    expect(sim.stats().faults.garbage).toBe(1);
  });

  it('garbageRate 0 leaves answers whole', async () => {
    const sim = await start({ garbageRate: 0 });
    for (let i = 0; i < 3; i++) expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
  });
});

describe('captcha misses', () => {
  it('captchaRejectRate 1 rejects every correct answer as 验证码错误', async () => {
    const sim = await start({ captchaRejectRate: 1 });
    for (let i = 0; i < 3; i++) expect(outcome(await solvedQuery(sim.url, LI))).toBe('500:验证码错误');
    expect(sim.stats()).toMatchObject({ wrongCaptchas: 0, answered: 0, faults: { captchaReject: 3 } });
  });

  it('captchaRejectRate 0 accepts every correct answer', async () => {
    const sim = await start({ captchaRejectRate: 0 });
    for (let i = 0; i < 3; i++) expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
  });
});

describe('seeded faults', () => {
  const mixed = { failRate: 0.25, garbageRate: 0.25, captchaRejectRate: 0.3 };

  async function sequence(seed: number): Promise<string[]> {
    const sim = await start({ ...mixed, seed });
    const out: string[] = [];
    for (let i = 0; i < 16; i++) out.push(outcome(await solvedQuery(sim.url, LI)));
    return out;
  }

  it('the same seed repeats the same sequence of faults; another seed differs', async () => {
    const first = await sequence(11);
    expect(await sequence(11)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(2);
    expect(await sequence(12)).not.toEqual(first);
  });

  it('draws the same numbers per request whatever the rates', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    drawFaults(a, {});
    drawFaults(b, { failRate: 1, hangRate: 1, garbageRate: 1, captchaRejectRate: 1 });
    expect(a()).toBe(b());
  });
});

describe('rate limit', () => {
  it('blocks the query over the limit with a 403 Chinese block page, and lets queries in after the window', async () => {
    let clock = 5_000_000;
    const sim = await start({ rateLimit: 3, now: () => clock });
    for (let i = 0; i < 3; i++) {
      expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
      clock += 10_000;
    }
    const blocked = await solvedQuery(sim.url, LI);
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('content-type')).toMatch(/^text\/html/);
    expect(blocked.text).toContain('<title>访问被拒绝</title>');
    expect(blocked.text).toContain('您的访问频率过高');
    expect((await getCaptcha(sim.url)).status).toBe(200);
    clock += 30_000; // the first query is now 60 s old: one slot free
    expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
    expect((await solvedQuery(sim.url, LI)).status).toBe(403);
    clock += 60_000;
    expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
    expect(sim.stats()).toMatchObject({ queries: 7, rateLimited: 2, answered: 5 });
  });

  it('rateLimit 0 blocks every query; removing it lets them through', async () => {
    const sim = await start({ rateLimit: 0 });
    expect((await solvedQuery(sim.url, LI)).status).toBe(403);
    sim.setFaults({ rateLimit: undefined });
    expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
  });
});

describe('settings', () => {
  it('refuses rates outside 0..1 and a bad limit or latency, in Chinese', () => {
    expect(faultSettingProblems({ failRate: 0.5, rateLimit: 10, latencyMs: 0 })).toEqual([]);
    const problems = faultSettingProblems({
      failRate: 1.5,
      hangRate: -0.1,
      rateLimit: 2.5,
      latencyMs: Number.NaN,
    });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('failRate 应为 0 到 1 之间的比例');
  });

  it('startSimulator and setFaults reject bad settings', async () => {
    await expect(startSimulator({ data: DATA, garbageRate: 2 })).rejects.toThrow(/garbageRate/);
    const sim = await start({});
    expect(() => sim.setFaults({ captchaRejectRate: -1 })).toThrow(/captchaRejectRate/);
  });

  it('answers normally with latency set', async () => {
    const sim = await start({ latencyMs: 20 });
    expect(outcome(await solvedQuery(sim.url, LI))).toBe('200:查询成功');
  });
});
