/**
 * Hostile input through the real parts: the chat handler over a real store in a temp dir and the real pipeline,
 * whose national client asks the simulator (captchas read through the test header seam), and the roster reader
 * on its own. Every input must get a clear Chinese answer (or the documented silence for un-mentioned group
 * chatter), nothing may throw, memory must stay bounded, and what was stored before must come out intact.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/services.js';
import { type ChatHandler, createChatHandler } from '../../src/chat/core/handler.js';
import { apologyText } from '../../src/chat/core/replies.js';
import type { ChatInput, ChatReply } from '../../src/chat/types.js';
import type { Config } from '../../src/config/schema.js';
import { InputError } from '../../src/domain/errors.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import { readRoster } from '../../src/roster/read/read-roster.js';
import { openStore } from '../../src/store/store.js';
import { DATA, NOBODY, WORKER } from '../lookup/helpers.js';
import { type AppOnSimulator, startAppOnSimulator } from './app-on-simulator.js';
import {
  type FileCase,
  FORMULA_PAYLOADS,
  hostileFileNames,
  hostileFiles,
  hostileTexts,
  type TextCase,
} from './hostile-cases.js';

const TODAY = '2026-11-24';
const SAMPLE_PHOTOS = join(import.meta.dirname, '..', '..', 'data', 'samples', 'photos');
/** The deflate bombs unpack to this much: above the default 100 MiB limit of config.batch. */
const BOMB_BYTES = 160 * 1_048_576;
/**
 * How much the process may grow (RSS) while it handles one hostile file, over its size when that file came (bombs
 * included: inflating one would take BOMB_BYTES). Per file, not over the whole run: what the allocator keeps between
 * files depends on how busy the machine is (a full run of the suite measured 200–240 MB over the run, 120 MB alone).
 */
const RSS_GROWTH_LIMIT = 160 * 1_048_576;
/** How much live heap may be left over once everything is collected. */
const HEAP_GROWTH_LIMIT = 48 * 1_048_576;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let env: AppOnSimulator;
let dataDir: string;
let config: Config;
let app: AppServices;
let handler: ChatHandler;
/** The hostile files, made at collection so each gets its own test. */
const files: FileCase[] = await hostileFiles(BOMB_BYTES);
/**
 * Replies by the message they answer (each message carries its id in `via`, copied into its reply address): an
 * exchange sees its own replies only, never those of another still on its way.
 */
const inbox = new Map<string, ChatReply[]>();
let seq = 0;

/** What was stored before the hostile run, to compare afterwards. */
let seeded: { findings: string; cache: string; registry: string };
let baseline: { rss: number; heap: number };
let sampler: NodeJS.Timeout;
/** The RSS when the file being handled began, and the most it grew since. */
let step = { rss: 0, growth: 0 };

/** Sample RSS against the file being handled. */
function sample() {
  step.growth = Math.max(step.growth, process.memoryUsage().rss - step.rss);
}

/** Start measuring a file's growth from a collected heap. */
function beginStep() {
  gc();
  step = { rss: process.memoryUsage().rss, growth: 0 };
}

/** The file handled since `beginStep` grew the process less than RSS_GROWTH_LIMIT. */
function expectBoundedGrowth(label: string) {
  sample();
  expect(
    step.growth,
    `RSS grew ${(step.growth / 1_048_576).toFixed(0)} MB while handling ${label}`,
  ).toBeLessThan(RSS_GROWTH_LIMIT);
}

/** The instant cached answers are viewed at, before and after (freshness depends on it). */
const SEEDED_AT = new Date();
const SENDER = { id: 'hostile-user', name: '测试员' };
const ROOM = { id: 'room-hostile@chatroom', topic: '安全生产群' };
const HAN = /[\u4e00-\u9fff]/;
/** Characters a reply must never carry: C0/C1 controls (but the line break), bidi and zero-width marks. */
const UNSAFE_IN_REPLY =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const FULL_ID = /\d{17}[\dXx]/g;
/** The example number of the help texts (domain.md §2), not anyone's data. */
const EXAMPLE_ID = '11010519491231002X';

/** Full ID numbers in a text, the help texts' example aside. */
function fullIds(text: string): string[] {
  return (text.match(FULL_ID) ?? []).filter((id) => id !== EXAMPLE_ID);
}

function input(content: ChatInput['content'], group?: { mentioned: boolean }): ChatInput {
  const messageId = `h${++seq}`;
  const base: ChatInput = {
    messageId,
    via: { exchange: messageId },
    content,
    sender: SENDER,
    mentioned: group?.mentioned ?? false,
    timestamp: Date.now(),
  };
  return group ? { ...base, room: ROOM } : base;
}

/** Handle one message; the replies it produced. */
async function exchange(message: ChatInput): Promise<ChatReply[]> {
  const replies: ChatReply[] = [];
  inbox.set(message.messageId, replies);
  try {
    await expect(handler.handle(message)).resolves.toBeUndefined();
  } finally {
    inbox.delete(message.messageId);
  }
  return replies;
}

function texts(replies: ChatReply[]): string[] {
  return replies.flatMap((r) => (r.content.kind === 'text' ? [r.content.text] : []));
}

/** A clear Chinese answer: some Han text, no apology for a crash, nothing unsafe, bounded, masked in groups. */
function expectClearAnswer(label: string, replies: ChatReply[], group: boolean): void {
  const said = texts(replies);
  expect(replies.length, `${label}: no answer`).toBeGreaterThan(0);
  for (const text of said) {
    expect(text, `${label}: not Chinese`).toMatch(HAN);
    expect(text, `${label}: crashed`).not.toBe(apologyText());
    expect(text.length, `${label}: reply too long`).toBeLessThan(20_000);
    expect(
      UNSAFE_IN_REPLY.test(text),
      `${label}: unsafe character in ${JSON.stringify(text.slice(0, 200))}`,
    ).toBe(false);
    if (group) expect(fullIds(text), `${label}: full ID in a group`).toEqual([]);
  }
}

/** Every text cell of a result workbook; fails on a formula cell. */
async function resultCells(bytes: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as Parameters<typeof book.xlsx.load>[0]);
  const cells: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type, `formula cell ${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') cells.push(cell.value);
      }),
    ),
  );
  return cells;
}

/** Characters XML 1.0 forbids: a workbook holding one is "damaged" to Excel. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** The store's JSON files (and JSON-lines files) under `dir`. */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.jsonl?$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  env = await startAppOnSimulator({
    data: DATA,
    seed: 11,
    today: TODAY,
    adjust: (c) => {
      c.chat = { ...c.chat, maxQueriesPerHour: 100_000, sendIntervalMs: 0 };
      c.batch = { ...c.batch, retryRounds: 0 }; // no minute-long waits for an unverifiable row
    },
  });
  ({ dataDir, config, app } = env);
  handler = await createChatHandler({
    config: config.chat,
    services: app.chat,
    send: (r) => inbox.get(r.to.via?.exchange ?? '')?.push(r),
  });

  // What must survive: a cached answer, a finding, a registry record.
  const cli = { channel: 'cli' as const, userId: 'seed' };
  const query = (p: { idNumber: string; name: string }) =>
    queryFromIdCheck(validateIdNumber(p.idNumber, TODAY), { name: p.name });
  expect((await app.pipeline.verify(query(WORKER), { requester: cli, today: TODAY })).status).toBe('valid');
  expect((await app.pipeline.verify(query(NOBODY), { requester: cli, today: TODAY })).status).toBe(
    'not_found',
  );
  await app.store.registry.replaceSource(
    { file: '/ledger/seed.xlsx', importedAt: '2026-11-01T00:00:00.000Z' },
    [
      {
        kind: 'special',
        idNumber: NOBODY.idNumber,
        name: '登记人',
        category: '电工作业',
        validUntil: '2030-01-01',
      },
    ],
  );
  seeded = {
    findings: JSON.stringify(await app.store.findings.list({})),
    cache: JSON.stringify(await app.store.cache.findById(WORKER.idNumber, SEEDED_AT)),
    registry: JSON.stringify(await app.store.registry.findById(NOBODY.idNumber)),
  };

  // The first picture loads the photo reader's engines (the QR decoder's WebAssembly, the OCR engine, kept for the
  // process's life), and one of the files is a picture: read a real photo first, so no file's growth is the engines'.
  const warm = await app.photos.read(await readFile(join(SAMPLE_PHOTOS, 'card-genuine.jpg')));
  expect(warm.card?.idNumber).toBeDefined();
  gc();
  baseline = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
  sampler = setInterval(sample, 5);
}, 60_000);

afterAll(async () => {
  clearInterval(sampler);
  await env?.close();
});

describe('hostile chat texts', () => {
  const cases: TextCase[] = hostileTexts();

  it('has enough of them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  // One test each: a busy machine slows one case, never a whole run of them past the timeout.
  for (const [i, c] of cases.entries()) {
    it(`answers clearly in Chinese (or keeps the documented silence) and never throws: ${i + 1} ${c.label}`, async () => {
      const replies = await exchange(input({ kind: 'text', text: c.text }, c.group));
      if (c.silent) expect(replies, `${c.label}: should stay silent`).toEqual([]);
      else expectClearAnswer(c.label, replies, c.group !== undefined);
    });
  }

  it('tells the near-misses what is wrong instead of looking them up', async () => {
    const replies = await exchange(input({ kind: 'text', text: '赵敏 11010520230229011X' }));
    expect(texts(replies).join('\n')).toMatch(/无效|不正确|不存在|日期|位/);
  });
});

describe('hostile roster files', () => {
  it('are enough of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const f of files) {
    it(`are read or refused with a Chinese reason by the roster reader itself: ${f.label}`, async () => {
      beginStep();
      const outcome = await readRoster({ name: f.name, bytes: f.bytes }, config.batch, TODAY).then(
        (roster) => ({ roster }),
        (error: unknown) => ({ error }),
      );
      if ('read' in f.outcome) {
        if ('error' in outcome) throw new Error(`${f.label}: refused (${String(outcome.error)})`);
        expect(outcome.roster.sheets.length, f.label).toBeGreaterThan(0);
      } else {
        const error = 'error' in outcome ? outcome.error : new Error(`${f.label}: was read`);
        expect(error, f.label).toBeInstanceOf(InputError);
        expect((error as Error).message, f.label).toMatch(f.outcome.refused);
      }
      expectBoundedGrowth(`${f.label}（读取）`);
    });
  }

  for (const f of files) {
    for (const group of [undefined, { mentioned: true }]) {
      const where = group ? '，群里' : '';
      it(`get a clear answer through the chat: the refusal, or the annotated roster and its summary: ${f.label}${where}`, async () => {
        beginStep();
        const replies = await exchange(
          input({ kind: 'file', file: { name: f.name, bytes: f.bytes } }, group),
        );
        expectClearAnswer(f.label, replies, group !== undefined);
        const said = texts(replies).join('\n');
        if ('read' in f.outcome) {
          const result = replies.find((r) => r.content.kind === 'file');
          if (result?.content.kind !== 'file') throw new Error(`${f.label}: no result file`);
          const cells = await resultCells(result.content.file.bytes);
          expect(
            cells.filter((t) => NOT_XML.test(t)),
            `${f.label}: characters Excel refuses`,
          ).toEqual([]);
          expect(said, f.label).toContain('核验');
        } else {
          expect(said, f.label).toMatch(f.chatRefused ?? f.outcome.refused);
        }
        expectBoundedGrowth(`${f.label}（聊天${where}）`);
      });
    }
  }

  it('come back with every formula payload neutralised in the annotated result', async () => {
    const formula = files.find((f) => f.name === '公式.csv') as FileCase;
    const replies = await exchange(
      input({ kind: 'file', file: { name: formula.name, bytes: formula.bytes } }),
    );
    const result = replies.find((r) => r.content.kind === 'file');
    expect(result?.content.kind).toBe('file');
    if (result?.content.kind !== 'file') return;
    const cells = await resultCells(result.content.file.bytes);
    expect(cells.filter((t) => /^[=+\-@\t\r]/.test(t))).toEqual([]);
    const neutralised = FORMULA_PAYLOADS.filter((p) =>
      cells.some((t) => t === `'${p.trim()}` || t === `'${p}`),
    );
    expect(neutralised.length).toBeGreaterThanOrEqual(FORMULA_PAYLOADS.length - 2);
  });

  const csv = files.find((f) => f.label === '正常 xlsx') as FileCase;
  for (const [i, name] of hostileFileNames().entries()) {
    it(`are named anything a sender likes: the name comes back clean and masked in groups: ${i + 1}`, async () => {
      for (const group of [undefined, { mentioned: true }]) {
        beginStep();
        const replies = await exchange(input({ kind: 'file', file: { name, bytes: csv.bytes } }, group));
        expectClearAnswer(`文件名 ${JSON.stringify(name.slice(0, 40))}`, replies, group !== undefined);
        for (const r of replies) {
          if (r.content.kind === 'file') expect(UNSAFE_IN_REPLY.test(r.content.file.name)).toBe(false);
        }
        expectBoundedGrowth(`文件名 ${JSON.stringify(name.slice(0, 40))}`);
      }
    });
  }
});

describe('after the hostile run', () => {
  it('left no live heap behind', () => {
    gc();
    const heap = process.memoryUsage().heapUsed;
    expect(
      heap - baseline.heap,
      `heap grew ${((heap - baseline.heap) / 1_048_576).toFixed(0)} MB`,
    ).toBeLessThan(HEAP_GROWTH_LIMIT);
  });

  it('nothing stored before was damaged, and every data file parses', async () => {
    await app.close();
    // Everything lives in the database now; whatever JSON the directory still holds must parse.
    const jsonFiles = await jsonFilesUnder(dataDir);
    for (const file of jsonFiles) {
      const text = await readFile(file, 'utf8');
      const documents = file.endsWith('.jsonl') ? text.trimEnd().split('\n') : [text];
      for (const doc of documents) expect(() => JSON.parse(doc), file).not.toThrow();
    }

    const store = await openStore(dataDir, { cache: config.cache });
    try {
      const before = JSON.parse(seeded.findings) as Array<{ id: string }>;
      const after = await store.findings.list({});
      for (const finding of before) expect(after).toContainEqual(finding);
      expect(await store.cache.findById(WORKER.idNumber, SEEDED_AT)).toEqual(
        expect.arrayContaining(JSON.parse(seeded.cache)),
      );
      expect(await store.registry.findById(NOBODY.idNumber)).toEqual(JSON.parse(seeded.registry));
      const leaking = (await store.audit.entries()).filter((e) => fullIds(JSON.stringify(e)).length > 0);
      expect(leaking).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
