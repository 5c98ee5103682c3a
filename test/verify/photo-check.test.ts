/**
 * The photo check's decisions on readings given as plain data (the reader's port), over the real pipeline, store
 * and national client against the simulator (its scan endpoint included): which QR code or card is a lead, what
 * is asked instead of looked up, and what a lead's finding keeps. The reader itself is tested in test/photo.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { LeadReport } from '../../src/domain/lead.js';
import type { CardFields, PhotoReading, QrReading } from '../../src/photo/types.js';
import { officialQrText, simulatedQrToken } from '../../src/simulator/qr-token.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPhotoChecker, type PhotoChecker } from '../../src/verify/photo-check.js';
import { createPipeline } from '../../src/verify/pipeline.js';
import { DATA, seamClient, testSettings, WORKER } from '../lookup/helpers.js';

const TODAY = '2026-11-24';
const workerCert = DATA.certificates[0] as (typeof DATA.certificates)[number];
const sure = (text: string) => ({ text, confidence: 0.98 });

/** The worker's card as printed, every field surely read. */
const CARD: CardFields = {
  name: sure(WORKER.name),
  sex: sure('男'),
  idNumber: sure(WORKER.idNumber),
  category: sure('电工作业'),
  item: sure('低压电工作业'),
  validFrom: sure('2025-03-10'),
  validUntil: sure('2031-03-10'),
  issuer: sure('北京市应急管理局'),
};

function qr(text: string, official: boolean, token?: string): QrReading {
  return {
    text,
    official,
    defanged: text.replace(/\./g, '[.]'),
    host: new URL(text).hostname,
    ...(token ? { token } : {}),
  };
}

const OFFICIAL = qr(officialQrText(simulatedQrToken(workerCert)), true, simulatedQrToken(workerCert));

function reading(change: Partial<PhotoReading> = {}): PhotoReading {
  return {
    sha256: 'c'.repeat(64),
    rotated: 0,
    qr: OFFICIAL,
    card: CARD,
    problems: [],
    timings: { qrMs: 1, ocrMs: 1 },
    ...change,
  };
}

let sim: RunningSimulator;
let dir: string;
let store: Store;
let checker: PhotoChecker;
/** The leads the checker handed to the bureau's outbox. */
const sentLeads: LeadReport[] = [];
const ctx = { requester: { channel: 'cli' as const, userId: 'test' }, today: TODAY };
beforeAll(async () => {
  sim = await startSimulator({ data: DATA, exposeCaptchaAnswer: true, seed: 5 });
  dir = await mkdtemp(join(tmpdir(), 'photo-check-'));
  store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const { client } = seamClient(testSettings(sim.url, { timeoutMs: 5_000 }));
  checker = createPhotoChecker({
    reader: { read: () => Promise.reject(new Error('readings are given')), close: async () => {} },
    pipeline: createPipeline({ store, national: client, rules: loadConfig({ env: {} }).rules }),
    scan: client,
    findings: store.findings,
    leads: { add: async (lead) => sentLeads.push(lead) },
    keepImage: (sha256, bytes) => store.photos.keep(sha256, bytes),
  });
});
afterAll(async () => {
  await store.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the photo check', () => {
  it('a genuine card with its own official QR code: valid, the scan agrees, no lead', async () => {
    const outcome = await checker.judge(reading(), ctx);
    expect(outcome).toMatchObject({
      kind: 'checked',
      verdict: { status: 'valid' },
      scan: { kind: 'same' },
      leads: [],
    });
    expect(outcome.kind === 'checked' && outcome.comparison?.differences).toEqual([]);
  });

  it('a real QR code copied from another card is an altered-card lead, though its host is official', async () => {
    const other = DATA.certificates.find((c) => c.kind === 'safety') as typeof workerCert;
    const copied = qr(officialQrText(simulatedQrToken(other)), true, simulatedQrToken(other));
    const outcome = await checker.judge(reading({ qr: copied, sha256: 'd'.repeat(64) }), ctx);
    expect(outcome).toMatchObject({ kind: 'checked', scan: { kind: 'other_card' }, leads: ['altered_card'] });
  });

  it('an official QR the scan does not know, every printed field agreeing: the verdict stands, no lead', async () => {
    const unknown = qr(
      officialQrText('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'),
      true,
      'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
    );
    const outcome = await checker.judge(reading({ qr: unknown, sha256: 'e'.repeat(64) }), ctx);
    expect(outcome).toMatchObject({
      kind: 'checked',
      scan: { kind: 'unknown', message: '证件档案编号有误' },
      verdict: { status: 'valid' },
    });
    // The scan's answers are unconfirmed: asked to scan again in the official account, nobody is accused.
    expect(outcome.kind === 'checked' && outcome.leads).toEqual([]);
    expect(outcome.kind === 'checked' && outcome.findings).toEqual([]);
  });

  it('a doubtful name is asked before anything is looked up; the confirmed name completes the check', async () => {
    const queries = sim.stats().queries;
    const card = { ...CARD, name: { text: '张玮', confidence: 0.4 } };
    const asked = await checker.judge(reading({ card }), ctx);
    expect(asked).toMatchObject({ kind: 'confirm_name', readName: '张玮' });
    expect(sim.stats().queries).toBe(queries);
    if (asked.kind !== 'confirm_name') throw new Error(asked.kind);
    const done = await checker.judge(asked.reading, ctx, { ...asked.query, name: WORKER.name });
    expect(done).toMatchObject({ kind: 'checked', verdict: { status: 'valid' }, leads: [] });
  });

  it('a fake host and an altered date: two leads, each with the hash, QR text and differences; the image kept 0600', async () => {
    const fake = qr('https://cx-mem-gov.cn/query?cert=1234567890', false);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const sha256 = 'f'.repeat(64);
    const outcome = await checker.judge(
      reading({ sha256, qr: fake, card: { ...CARD, validUntil: sure('2036-03-10') } }),
      ctx,
      undefined,
      bytes,
    );
    expect(outcome.kind === 'checked' && outcome.leads).toEqual(['fake_platform', 'altered_card']);
    const leads = (await store.findings.list()).filter((f) => f.evidence.photo?.sha256 === sha256);
    expect(leads.map((f) => [f.photoLead, f.status])).toEqual([
      ['fake_platform', 'valid'],
      ['altered_card', 'valid'],
    ]);
    expect(leads[1]?.evidence.photo).toMatchObject({
      qrText: 'https://cx-mem-gov[.]cn/query?cert=1234567890',
      qrHost: 'cx-mem-gov.cn',
      differences: [{ label: '有效期至', card: '2036-03-10', platform: '2031-03-10' }],
      imageFile: `photos/${sha256}.jpeg`,
    });
    expect(await store.photos.get(sha256)).toEqual({ sha256, format: 'jpeg', bytes });
    // The same photo sent again counts no new lead.
    await checker.judge(
      reading({ sha256, qr: fake, card: { ...CARD, validUntil: sure('2036-03-10') } }),
      ctx,
    );
    expect((await store.findings.list()).filter((f) => f.evidence.photo?.sha256 === sha256)).toHaveLength(2);
    // Each lead went to the bureau's outbox once, as its kind, whatever the verdict.
    const sent = sentLeads.filter(
      (l) => (l.evidence.photo as { sha256?: string } | undefined)?.sha256 === sha256,
    );
    expect(sent.map((l) => [l.id, l.kind, l.status])).toEqual(leads.map((f) => [f.id, f.photoLead, 'valid']));
  });

  it('nothing readable is unreadable; a card without a usable number asks for it', async () => {
    expect(
      (
        await checker.judge(
          reading({ qr: undefined, card: undefined, problems: ['no_qr', 'no_card_text'] }),
          ctx,
        )
      ).kind,
    ).toBe('unreadable');
    expect((await checker.judge(reading({ problems: ['truncated'] }), ctx)).kind).toBe('unreadable');
    const { idNumber: _, certNumber: __, ...noNumber } = CARD;
    expect(await checker.judge(reading({ card: noNumber }), ctx)).toMatchObject({
      kind: 'need_id',
      card: { problem: 'unreadable', name: WORKER.name },
    });
  });
});
