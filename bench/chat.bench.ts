/**
 * The chat handler under load: 50 users at once, each sending query messages one after another, answered from
 * the cache through the real pipeline and store (the national platform is never reached: a lookup there fails
 * the run). Latency is from the message arriving to its reply being handed to the send queue.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createChatHandler } from '../src/chat/core/handler.js';
import type { ChatServices } from '../src/chat/core/services.js';
import type { ChatInput, ChatReply } from '../src/chat/types.js';
import { loadConfig } from '../src/config/load.js';
import type { LookupAnswer } from '../src/domain/certificate.js';
import { checkCharacter } from '../src/domain/id-number.js';
import type { Verdict } from '../src/domain/verdict.js';
import { openStore, type Store } from '../src/store/store.js';
import { createPipeline, type Pipeline } from '../src/verify/pipeline.js';
import { type Figure, runAlone } from './figures.js';

const USERS = 50;
const MESSAGES_PER_USER = 20;
const PEOPLE = 500;
const TODAY = '2026-01-10';
const CHAT = loadConfig({ env: {} }).chat;

function idOf(i: number): string {
  const first17 = `11010519800101${String(i).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

function answerOf(idNumber: string): LookupAnswer {
  return {
    current: [
      {
        kind: 'special',
        idNumber,
        name: '张三丰',
        certNumber: `T${idNumber}`,
        category: '电工作业',
        item: '低压电工作业',
        validFrom: '2022-03-01',
        validUntil: '2028-03-01',
        reviewDue: '2025-03-01',
        reviewedOn: '2025-01-20',
        issuer: '北京市应急管理局',
      },
    ],
    history: [],
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** 50 users at once through a handler over `pipeline`; figures labelled with `label`. */
async function underLoad(pipeline: Pipeline, store: Store, label: string): Promise<Figure[]> {
  const services: ChatServices = {
    pipeline,
    store,
    now: () => new Date(),
    today: () => TODAY,
    runBatch: () => Promise.reject(new Error('not used')),
    exportReport: () => Promise.reject(new Error('not used')),
  };
  const arrivedAt = new Map<string, number>();
  const latencies: number[] = [];
  let valid = 0;
  const send = (reply: ChatReply) => {
    const started = arrivedAt.get(reply.to.userId);
    if (started !== undefined) latencies.push(performance.now() - started);
    if (reply.content.kind === 'text' && reply.content.text.startsWith('✅')) valid++;
  };
  const handler = await createChatHandler({ config: { ...CHAT, maxQueriesPerHour: 10_000 }, services, send });

  const user = async (u: number) => {
    for (let m = 0; m < MESSAGES_PER_USER; m++) {
      const input: ChatInput = {
        messageId: `${u}-${m}`,
        content: { kind: 'text', text: `张三丰 ${idOf((u * MESSAGES_PER_USER + m) % PEOPLE)}` },
        sender: { id: `user-${u}`, name: `用户${u}` },
        mentioned: false,
        timestamp: Date.now(),
      };
      arrivedAt.set(input.sender.id, performance.now());
      await handler.handle(input);
    }
  };
  await user(USERS); // warm-up
  latencies.length = 0;
  valid = 0;
  // Latency above is counted inside the handler; a stalled event loop (a big synchronous file write) delays
  // every message before it arrives, which only the loop delay shows.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: USERS }, (_, u) => user(u)));
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  const stallMs = loop.max / 1e6;
  const total = USERS * MESSAGES_PER_USER;
  if (valid !== total) throw new Error(`expected ${total} valid answers, got ${valid}`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  return [
    {
      name: `replies per second, ${USERS} users at once (${label})`,
      value: Math.round(total / seconds),
      unit: '/s',
    },
    { name: `reply latency p50 (${label})`, value: Number(percentile(sorted, 50).toFixed(2)), unit: 'ms' },
    {
      name: `reply latency p99 (${label})`,
      value: Number(p99.toFixed(2)),
      unit: 'ms',
      aim: '< 20 ms',
      met: p99 < 20,
    },
    {
      name: `longest event-loop stall (${label})`,
      value: Number(stallMs.toFixed(1)),
      unit: 'ms',
      aim: '< 20 ms',
      met: stallMs < 20,
    },
  ];
}

/** The audit log as a bot finds it after months of use: full (config default: 100,000 entries kept). */
const FULL_AUDIT = 100_000;

/** The runs: the real pipeline on a fresh store, on a store whose audit log is full, and the chat layer alone. */
const RUNS = [
  { label: 'real pipeline, cache hits', auditEntries: 0, real: true },
  {
    label: `real pipeline, cache hits, audit log of ${FULL_AUDIT.toLocaleString('en-US')}`,
    auditEntries: FULL_AUDIT,
    real: true,
  },
  { label: 'pipeline answering from memory', auditEntries: 0, real: false },
];

async function main(): Promise<Figure[]> {
  const config = loadConfig({ env: {} });
  const figures: Figure[] = [];
  for (const run of RUNS) {
    const dir = await mkdtemp(join(tmpdir(), 'chat-bench-'));
    const store = await openStore(dir, { cache: config.cache });
    try {
      const now = new Date();
      for (let i = 0; i < PEOPLE; i++) {
        await store.cache.put(
          { personType: 'special', idNumber: idOf(i), name: '张三丰' },
          answerOf(idOf(i)),
          now,
        );
      }
      await fillAudit(store, run.auditEntries);
      const pipeline = createPipeline({
        store,
        national: { lookup: () => Promise.reject(new Error('the benchmark must answer from the cache')) },
        rules: config.rules,
      });
      figures.push(...(await underLoad(run.real ? pipeline : memoized(pipeline), store, run.label)));
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

/** Append `count` entries (one disk write for all of them). */
async function fillAudit(store: Store, count: number): Promise<void> {
  const at = new Date().toISOString();
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    writes.push(
      store.audit.append({
        at,
        requester: { channel: 'chat', userId: `user-${i % 50}`, userName: `用户${i % 50}` },
        action: 'verify',
        maskedIds: ['110105********0135'],
        statuses: ['valid'],
      }),
    );
  }
  await Promise.all(writes);
}

/** A pipeline answering every query from memory after its first verdict (isolates the chat layer). */
function memoized(pipeline: Pipeline): Pipeline {
  const verdicts = new Map<string, Verdict>();
  return {
    knownName: (id) => pipeline.knownName(id),
    async verify(query, ctx) {
      const known = verdicts.get(query.idNumber);
      if (known) return { ...known, query };
      const verdict = await pipeline.verify(query, ctx);
      verdicts.set(query.idNumber, verdict);
      return verdict;
    },
  };
}

export default main;

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('chat', main);
