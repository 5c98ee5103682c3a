/**
 * Test doubles for the chat handler: a scripted pipeline, services over a real temp-dir store, message builders.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatConfig } from '../../src/chat/core/access.js';
import type { ChatServices, PaperKind } from '../../src/chat/core/services.js';
import type { ChatFile, ChatInput, ChatReply } from '../../src/chat/types.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import type { ParsedQuery, Requester } from '../../src/domain/query.js';
import type { CertStatus, VerdictStatus } from '../../src/domain/status.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { CircuitBreaker } from '../../src/lookup/national/breaker.js';
import type { NationalLookup } from '../../src/lookup/national/client.js';
import { createPhotoReader } from '../../src/photo/reader.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPhotoChecker } from '../../src/verify/photo-check.js';
import type { KnownHolder, Pipeline, VerifyContext } from '../../src/verify/pipeline.js';

export const TODAY = '2026-01-10';
/** Valid IDs (check characters right). */
export const ID_A = '11010519491231002X';
export const ID_B = '110101199003070011';

export function chatConfig(overrides: Partial<ChatConfig> = {}): ChatConfig {
  return {
    admins: ['admin-1'],
    allowedContacts: [],
    allowedRooms: [],
    strangers: 'refuse',
    groupsNeedMention: true,
    maxQueriesPerHour: 30,
    maxQueriesPerHourAdmin: 1000,
    maxQueriesPerHourManager: 300,
    sendIntervalMs: 0,
    maxMessageChars: 1800,
    sendRetries: 0,
    enterprises: {},
    ...overrides,
  };
}

export function record(overrides: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    kind: 'special',
    idNumber: ID_A,
    name: '张三',
    certNumber: `T${ID_A}`,
    category: '电工作业',
    item: '低压电工作业',
    validFrom: '2022-03-01',
    validUntil: '2028-03-01',
    reviewDue: '2025-03-01',
    reviewedOn: '2025-01-15',
    issuer: '北京市应急管理局',
    ...overrides,
  };
}

/** A verdict as the pipeline would give it. */
export function verdict(query: ParsedQuery, status: VerdictStatus, extra: Partial<Verdict> = {}): Verdict {
  const certStatuses: VerdictStatus[] = ['valid', 'review_due', 'expiring', 'review_overdue', 'expired'];
  const best = certStatuses.includes(status)
    ? { record: record({ idNumber: query.idNumber }), status: status as CertStatus, daysToExpiry: 781 }
    : undefined;
  return {
    status,
    query,
    best,
    certificates: best ? [best] : [],
    history: [],
    reasons: status === 'invalid_id' ? query.reasons : [],
    warnings: [],
    source: status === 'unverifiable' || status === 'invalid_id' ? undefined : 'national',
    evidenceAt: '2026-01-10T02:32:00.000Z',
    today: TODAY,
    ...extra,
  };
}

/** A pipeline answering from a script: status per ID (default valid), names it knows, calls recorded. */
export class FakePipeline implements Pipeline {
  statusOf = new Map<string, VerdictStatus>();
  names = new Map<string, string>();
  /** Enterprises holding an ID (their ledger or import), for knownName. */
  heldBy = new Map<string, string[]>();
  calls: Array<{ query: ParsedQuery; ctx: VerifyContext }> = [];
  failNext: Error | undefined;

  async verify(query: ParsedQuery, ctx: VerifyContext): Promise<Verdict> {
    this.calls.push({ query, ctx });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (!query.valid) return verdict(query, 'invalid_id');
    return verdict(query, this.statusOf.get(query.idNumber) ?? 'valid');
  }

  async knownName(idNumber: string): Promise<KnownHolder | undefined> {
    const name = this.names.get(idNumber);
    return name === undefined ? undefined : { name, heldBy: this.heldBy.get(idNumber) ?? [] };
  }
}

export interface TestServices extends ChatServices {
  pipeline: FakePipeline;
  store: Store;
  batches: Array<{ file: ChatFile; requester: Requester; fullIds: boolean }>;
  exports: Array<{ kind: PaperKind; requester: Requester; fullIds: boolean }>;
  clock: { ms: number };
}

/** Services over a real store in `dataDir` (close `store` before opening the directory again). */
export async function services(dataDir: string, pipeline = new FakePipeline()): Promise<TestServices> {
  const clock = { ms: Date.parse('2026-01-10T02:00:00Z') };
  const store = await openStore(dataDir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const s: TestServices = {
    pipeline,
    store,
    // The real reader (its OCR engine loads on the first photo only) over the scripted pipeline.
    photos: createPhotoChecker({
      reader: createPhotoReader({ settings: loadConfig({ env: {} }).photo }),
      pipeline,
      findings: store.findings,
      now: () => new Date(clock.ms),
    }),
    batches: [],
    exports: [],
    clock,
    now: () => new Date(clock.ms),
    today: () => TODAY,
    runBatch: async (file, requester, progress, _to, fullIds) => {
      s.batches.push({ file, requester, fullIds });
      progress('核验进度 1/2（50%）');
      return {
        files: [{ name: `结果-${file.name}`, bytes: Buffer.from('result') }],
        summary: '核验完成：共 2 人，有效 2',
      };
    },
    exportReport: async (kind, requester, fullIds) => {
      s.exports.push({ kind, requester, fullIds });
      return { name: `${kind}.xlsx`, bytes: Buffer.from('report') };
    },
  };
  return s;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

let seq = 0;

/** A private text message. */
export function privateText(text: string, sender = { id: 'user-1', name: '李经理' }): ChatInput {
  return { messageId: `m${++seq}`, content: { kind: 'text', text }, sender, mentioned: false, timestamp: 0 };
}

/** A group text message. */
export function groupText(
  text: string,
  mentioned = true,
  sender = { id: 'user-2', name: '王工' },
): ChatInput {
  return {
    messageId: `m${++seq}`,
    content: { kind: 'text', text },
    sender,
    room: { id: 'room-1@chatroom', topic: '安全生产群' },
    mentioned,
    timestamp: 0,
  };
}

/** A private file message. */
export function privateFile(name: string, sender = { id: 'user-1', name: '李经理' }): ChatInput {
  return {
    messageId: `m${++seq}`,
    content: { kind: 'file', file: { name, bytes: Buffer.from('x') } },
    sender,
    mentioned: false,
    timestamp: 0,
  };
}

/** A send function collecting replies, with their texts. */
export function outbox(): { send: (r: ChatReply) => void; replies: ChatReply[]; texts: () => string[] } {
  const replies: ChatReply[] = [];
  return {
    send: (r) => replies.push(r),
    replies,
    texts: () => replies.flatMap((r) => (r.content.kind === 'text' ? [r.content.text] : [])),
  };
}

/** The default configuration over `dataDir` on `today`, sending without a pause (a host over the real services). */
export function appConfig(dataDir: string, today = TODAY): Config {
  const config = loadConfig({
    env: {},
    overrides: [
      { key: 'dataDir', value: dataDir, source: 'test' },
      { key: 'today', value: today, source: 'test' },
    ],
  });
  config.chat.sendIntervalMs = 0;
  return config;
}

/** A national platform the test's people never reach: asking it fails the test with `why`. */
export function unaskedNational(why: string): NationalLookup {
  return {
    lookup: async () => {
      throw new Error(why);
    },
    counters: () => ({}),
    breaker: new CircuitBreaker({ failureThreshold: 5, cooldownMs: 1_000 }),
  } as unknown as NationalLookup;
}
