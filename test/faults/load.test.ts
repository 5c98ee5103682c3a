/**
 * Load through the real parts: 50 users send 20 query messages each, all at once, to the chat handler over a
 * real store and pipeline (the national client asks the simulator; captchas read through the test header seam),
 * and every reply leaves through the real send queue. All are answered; the same person asked by many is looked
 * up once; the hourly limit stops the users who ask too much, with its clear message; the queue keeps its spacing.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/services.js';
import { createChatHandler } from '../../src/chat/core/handler.js';
import { apologyText } from '../../src/chat/core/replies.js';
import { SendQueue } from '../../src/chat/send-queue.js';
import type { ChatInput, ChatReply } from '../../src/chat/types.js';
import type { Config } from '../../src/config/schema.js';
import type { RunningSimulator, SimulatorData } from '../../src/simulator/server.js';
import { makeId } from '../domain/ids.js';
import { type AppOnSimulator, startAppOnSimulator } from './app-on-simulator.js';

const TODAY = '2026-11-24';
const USERS = 50;
const MESSAGES = 20;
/** Users from this index on put two ID numbers in each message: 40 a user, over the hourly limit. */
const HEAVY_FROM = 40;
const LIMIT = 20;
const SEND_INTERVAL_MS = 3;
const PEOPLE = 30;

const SURNAMES = '张王李赵刘陈杨黄周吴';
const GIVEN = ['伟', '芳', '强'];

/** The simulator's people: valid special-operations certificates. */
const people = Array.from({ length: PEOPLE }, (_, i) => ({
  idNumber: makeId(
    '110105',
    `1980${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`,
    String(101 + 2 * i),
  ),
  name: `${SURNAMES[i % 10]}${GIVEN[Math.floor(i / 10)]}`,
}));

const DATA: SimulatorData = {
  certificates: people.map((p) => ({
    kind: 'special' as const,
    ...p,
    category: '电工作业',
    item: '低压电工作业',
    validFrom: '2025-01-01',
    validUntil: '2031-01-01',
    reviewDue: '2028-01-01',
  })),
};

/** The people in message `m` of user `u`. */
function peopleOf(u: number, m: number): number[] {
  const first = (u * 3 + m) % PEOPLE;
  return u >= HEAVY_FROM ? [first, (first + PEOPLE / 2) % PEOPLE] : [first];
}

let simulator: RunningSimulator;
let env: AppOnSimulator;
let app: AppServices;
let config: Config;
const sent: Array<{ reply: ChatReply; at: number }> = [];

beforeAll(async () => {
  env = await startAppOnSimulator({
    data: DATA,
    seed: 5,
    today: TODAY,
    adjust: (c) => {
      // The simulator shares this process with 1,000 handlers: a timeout of seconds so a slow answer is not a
      // retry (an extra platform query), and a breaker threshold above the attempts this run can make (30 people).
      c.lookup = { ...c.lookup, timeoutMs: 5_000, breaker: { ...c.lookup.breaker, failureThreshold: 1_000 } };
      c.chat = {
        ...c.chat,
        maxQueriesPerHour: LIMIT,
        sendIntervalMs: SEND_INTERVAL_MS,
        sendRetries: 0,
      };
    },
  });
  ({ simulator, config, app } = env);
});

afterAll(async () => {
  await env?.close();
});

/** Every message of every user, in the order they arrive (message m of all users, then m + 1). */
function allMessages(): ChatInput[] {
  const messages: ChatInput[] = [];
  for (let m = 0; m < MESSAGES; m++) {
    for (let u = 0; u < USERS; u++) {
      const text = peopleOf(u, m)
        .map((i) => `${people[i]?.name} ${people[i]?.idNumber}`)
        .join('\n');
      messages.push({
        messageId: `${u}-${m}`,
        content: { kind: 'text', text },
        sender: { id: `user-${u}`, name: `用户${u}` },
        mentioned: false,
        timestamp: Date.now(),
      });
    }
  }
  return messages;
}

describe('50 users sending 20 queries each at once', () => {
  let platformQueries = 0;
  const byUser = new Map<string, string[]>();

  beforeAll(async () => {
    const queue = new SendQueue(
      async (reply) => {
        sent.push({ reply, at: performance.now() });
      },
      {
        intervalMs: SEND_INTERVAL_MS,
        maxChars: config.chat.maxMessageChars,
        retries: 0,
        now: () => performance.now(),
      },
    );
    const handler = await createChatHandler({
      config: config.chat,
      services: app.chat,
      send: (r) => queue.push(r),
    });
    const before = simulator.stats().queries;
    await Promise.all(allMessages().map((message) => handler.handle(message)));
    await queue.onIdle();
    platformQueries = simulator.stats().queries - before;
    for (const { reply } of sent) {
      const text = reply.content.kind === 'text' ? reply.content.text : `(${reply.content.kind})`;
      byUser.set(reply.to.userId, [...(byUser.get(reply.to.userId) ?? []), text]);
    }
  });

  it('answers every message once, never with an apology', () => {
    expect(sent).toHaveLength(USERS * MESSAGES);
    for (let u = 0; u < USERS; u++) {
      const texts = byUser.get(`user-${u}`) ?? [];
      expect(texts, `user ${u}`).toHaveLength(MESSAGES);
      expect(
        texts.filter((t) => t === apologyText()),
        `user ${u}`,
      ).toEqual([]);
    }
  });

  it('applies the hourly limit: the heavy users get the clear message for what was not verified', () => {
    const limited = new RegExp(`每人每小时最多核验 ${LIMIT} 个证件号，已达上限，本条有 2 个未核验`);
    for (let u = 0; u < USERS; u++) {
      const texts = byUser.get(`user-${u}`) ?? [];
      const heavy = u >= HEAVY_FROM;
      expect(texts.filter((t) => limited.test(t)).length, `user ${u}`).toBe(heavy ? MESSAGES - LIMIT / 2 : 0);
      expect(texts.filter((t) => t.includes('✅')).length, `user ${u}`).toBe(heavy ? LIMIT / 2 : MESSAGES);
    }
  });

  it('joins duplicates: the platform is asked once per distinct person verified, not once per query', () => {
    const verified = new Set<number>();
    for (let u = 0; u < USERS; u++) {
      const allowedMessages = u >= HEAVY_FROM ? LIMIT / 2 : MESSAGES;
      for (let m = 0; m < allowedMessages; m++) for (const i of peopleOf(u, m)) verified.add(i);
    }
    expect(verified.size).toBeGreaterThan(1);
    expect(platformQueries).toBe(verified.size);
  });

  it('keeps the send queue spacing between every two messages', () => {
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(SEND_INTERVAL_MS);
  });
});
