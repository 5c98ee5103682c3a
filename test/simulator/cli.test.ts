import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIMULATOR_DATA,
  type SimulatorFlags,
  serveSimulator,
  simulatorOptionsFrom,
} from '../../src/cli/commands/simulator.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { getCaptcha } from './helpers.js';

const defaults: SimulatorFlags = { port: '8123', captcha: 'easy' };

describe('cert-verify simulator flags', () => {
  it('defaults to port 8123, the sample data and easy captchas', () => {
    expect(simulatorOptionsFrom(defaults)).toMatchObject({
      port: 8123,
      dataFile: DEFAULT_SIMULATOR_DATA,
      captcha: 'easy',
    });
    expect(DEFAULT_SIMULATOR_DATA).toMatch(/data[/\\]samples[/\\]people\.json$/);
  });

  it('reads every fault flag as a number', () => {
    const options = simulatorOptionsFrom({
      ...defaults,
      captcha: 'noisy',
      latency: '50',
      failRate: '0.1',
      hangRate: '0',
      rateLimit: '20',
      garbageRate: '0.05',
      captchaRejectRate: '0.2',
      seed: '7',
    });
    expect(options).toMatchObject({
      captcha: 'noisy',
      latencyMs: 50,
      failRate: 0.1,
      hangRate: 0,
      rateLimit: 20,
      garbageRate: 0.05,
      captchaRejectRate: 0.2,
      seed: 7,
    });
  });

  it.each([
    [{ port: 'abc' }, '--port 应为整数，收到「abc」'],
    [{ port: '70000' }, '--port 应在 0 到 65535 之间'],
    [{ captcha: 'hard' }, '--captcha 应为 easy、noisy、off 之一，收到「hard」'],
    [{ failRate: '1.5' }, 'failRate 应为 0 到 1 之间的比例'],
    [{ hangRate: 'x' }, '--hang-rate 应为数字'],
    [{ rateLimit: '2.5' }, '--rate-limit 应为整数'],
    [{ latency: '-1' }, 'latencyMs 应为不小于 0 的毫秒数'],
    [{ seed: '' }, '--seed 应为整数'],
  ])('refuses %o with a Chinese usage error', (bad, message) => {
    const run = () => simulatorOptionsFrom({ ...defaults, ...bad });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });
});

describe('serveSimulator', () => {
  it('prints one ready line, serves until stopped, then closes', async () => {
    let stop = () => {};
    const stopped = new Promise<void>((done) => {
      stop = done;
    });
    const lines: string[] = [];
    const served = serveSimulator({ ...defaults, port: '0', seed: '1' }, stopped, (line) => lines.push(line));
    // Wait for the ready line up to a generous deadline: starting and loading the data is slow on a loaded machine.
    const deadline = Date.now() + 15_000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(lines).toHaveLength(1);
    const match = /^模拟平台已启动：(http:\/\/127\.0\.0\.1:\d+) （(\d+) 条证书）$/.exec(lines[0] ?? '');
    expect(match).not.toBeNull();
    const url = match?.[1] as string;
    expect(Number(match?.[2])).toBeGreaterThan(25);
    expect((await getCaptcha(url)).status).toBe(200);
    stop();
    await served;
    await expect(fetch(url)).rejects.toThrow();
  });
});
