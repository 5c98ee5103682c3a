/**
 * Through the real application services and chat handler: a stranger's roster of 50 people counts in the same
 * hourly budget (30) as text queries. 30 are looked up at once, the chat is told the other 20 rows wait for the
 * next hour, and they are looked up when it frees; nothing is dropped or marked failed. And a retry round
 * waits for the platform client's breaker, not only the configured delay. Fake timers: no waiting.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AppServices, createServices } from '../../src/app/services.js';
import { type ChatHandler, createChatHandler } from '../../src/chat/core/handler.js';
import type { ChatInput } from '../../src/chat/types.js';
import { CircuitBreaker } from '../../src/lookup/national/breaker.js';
import type { NationalLookup, NationalLookupCounters } from '../../src/lookup/national/client.js';
import { JobStore } from '../../src/verify/batch-jobs.js';
import { appConfig, outbox, record } from '../chat/helpers.js';
import { validId, xlsx } from '../roster/files.js';

const TODAY = '2026-01-10';
const stranger = { id: 'wxid_stranger', name: '路人' };

/**
 * A platform that finds every person under the name asked, and records who was asked; like the real client it
 * turns a query away at once while its breaker is open.
 */
function findingPlatform(): NationalLookup & { asked: string[] } {
  const asked: string[] = [];
  const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 120_000 });
  return {
    asked,
    async lookup(request) {
      breaker.check();
      asked.push(request.idNumber);
      return { current: [record({ idNumber: request.idNumber, name: request.name })], history: [] };
    },
    async scan() {
      throw new Error('no QR scan in a roster');
    },
    counters: () => ({}) as NationalLookupCounters,
    breaker,
  };
}

describe('a stranger’s roster and the hourly budget', () => {
  let dir: string;
  let app: AppServices;
  let handler: ChatHandler;
  let platform: ReturnType<typeof findingPlatform>;
  let box: ReturnType<typeof outbox>;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-01-10T02:00:00Z'));
    dir = await mkdtemp(join(tmpdir(), 'roster-budget-'));
    const config = appConfig(dir, TODAY);
    platform = findingPlatform();
    app = await createServices({ config, today: TODAY }, { national: platform });
    box = outbox();
    handler = await createChatHandler({ config: config.chat, services: app.chat, send: box.send });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function fiftyPeople(): Promise<Buffer> {
    const people = Array.from({ length: 50 }, (_, i) => [`员工${i}`, validId(i + 1)]);
    return xlsx([{ name: '名单', rows: [['姓名', '身份证号'], ...people] }]);
  }

  it('looks up 30 now, says the other 20 rows wait for the next hour, and looks them up then', async () => {
    const bytes = await fiftyPeople();
    const roster: ChatInput = {
      messageId: 'm1',
      content: { kind: 'file', file: { name: '名单.xlsx', bytes } },
      sender: stranger,
      mentioned: false,
      timestamp: 0,
    };
    const handled = handler.handle(roster);
    const waitLine = '本小时核验额度已用完，其余 20 行将在 11:00 后继续核验（无需重新发送名单）';
    await vi.waitFor(() => expect(box.texts()).toContain(waitLine), { interval: 1, timeout: 10_000 });
    expect(platform.asked).toHaveLength(30);

    // The same budget answers text queries: the stranger has none left this hour.
    await handler.handle({
      ...roster,
      messageId: 'm2',
      content: { kind: 'text', text: `张三 ${validId(99)}` },
    });
    expect(box.texts().at(-1)).toContain('每人每小时最多核验 30 个证件号，已达上限，本条有 1 个未核验');
    expect(platform.asked).toHaveLength(30);

    await vi.advanceTimersByTimeAsync(3_600_000);
    await handled;
    expect(platform.asked).toHaveLength(50);
    expect(new Set(platform.asked).size).toBe(50);
    expect(box.replies.some((r) => r.content.kind === 'file')).toBe(true);
    expect(box.texts().at(-1)).toMatch(/^已核验 50 行：有效 50$/);
  });

  it('leaves a job of the CLI’s own batch command to the CLI (its result is a file on the CLI’s machine)', async () => {
    const jobs = await JobStore.open(app.store);
    const job = await jobs.create({
      file: { name: '名单.xlsx', bytes: await fiftyPeople() },
      requester: { channel: 'batch', userId: stranger.id },
      today: TODAY,
      target: { kind: 'cli', outFile: join(dir, '结果.xlsx') },
      fullIds: true,
    });
    // The CLI was stopped cleanly: its job is nobody's now.
    await jobs.release(job.id);
    expect(await app.resumeBatches()).toBe(0);
    expect(platform.asked).toEqual([]);
    expect((await jobs.get(job.id))?.state).toBe('running');
  });

  it('waits for the breaker to let queries through before a retry round', async () => {
    for (let i = 0; i < 5; i++) platform.breaker.failure();
    const people = [
      ['张三', validId(1)],
      ['李四', validId(2)],
    ];
    const bytes = await xlsx([{ name: '名单', rows: [['姓名', '身份证号'], ...people] }]);
    const handled = handler.handle({
      messageId: 'm3',
      content: { kind: 'file', file: { name: '名单.xlsx', bytes } },
      sender: stranger,
      mentioned: false,
      timestamp: 0,
    });
    // The configured 60 s would find the breaker still open (120 s): the round waits for it instead.
    const retryLine = '全国平台暂时无法访问：还有 2 人未能核验，2 分钟后重试（第 1/3 次）';
    await vi.waitFor(() => expect(box.texts()).toContain(retryLine), { interval: 1, timeout: 10_000 });
    expect(platform.asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(120_000);
    await handled;
    expect(platform.asked).toHaveLength(2);
    expect(box.texts().at(-1)).toBe('已核验 2 行：有效 2');
  });
});
