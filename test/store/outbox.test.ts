/**
 * The bot's outbox on real files: leads survive a reopen until acknowledged, refused leads are kept aside with
 * the bureau's answer, a lead id queued twice is kept once, and the file is private (0600).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadReport } from '../../src/domain/lead.js';
import { realFs } from '../../src/store/atomic-write.js';
import { OUTBOX_FILE, Outbox } from '../../src/store/outbox.js';
import { makeId } from '../domain/ids.js';

const lead = (id: string): LeadReport => ({
  id,
  kind: 'fake_certificate',
  status: 'not_found',
  idNumber: makeId('110105', '19850312', '013'),
  evidence: { platformSaid: '没有查询到相关证件信息' },
  foundAt: '2026-05-10T02:00:00.000Z',
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = () => Outbox.open(dir, { fs: realFs });

describe('Outbox', () => {
  it('keeps every lead until the bureau acknowledges it, across reopening', async () => {
    const outbox = await open();
    expect(await outbox.add(lead('F1'))).toBe(true);
    expect(await outbox.add(lead('F2'))).toBe(true);
    expect(await outbox.add(lead('F1'))).toBe(false);
    await outbox.ack('F1');
    await outbox.flush();
    const reopened = await open();
    expect(reopened.waiting().map((l) => l.id)).toEqual(['F2']);
    // Acknowledged once, never queued again (a finding replayed on start is not sent twice).
    expect(await reopened.add(lead('F1'))).toBe(false);
    expect((await stat(join(dir, OUTBOX_FILE))).mode & 0o777).toBe(0o600);
  });

  it('keeps a refused lead aside with the answer, not waiting and not lost', async () => {
    const outbox = await open();
    await outbox.add(lead('F1'));
    await outbox.refuse('F1', 400, '线索有误：idNumber 有误', new Date('2026-05-11T00:00:00Z'));
    await outbox.flush();
    const reopened = await open();
    expect(reopened.waiting()).toEqual([]);
    expect(reopened.refused()).toEqual([
      { lead: lead('F1'), status: 400, reason: '线索有误：idNumber 有误', at: '2026-05-11T00:00:00.000Z' },
    ]);
    expect(await reopened.add(lead('F1'))).toBe(false);
  });

  it('rewrites the file with one line per lead once many have piled up, keeping what counts', async () => {
    const outbox = await open();
    await Promise.all(Array.from({ length: 1_001 }, (_, i) => outbox.add(lead(`F${i}`))));
    await outbox.add(lead('refused'));
    await outbox.refuse('refused', 415, 'x', new Date());
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => outbox.ack(`F${i}`)));
    await outbox.flush();
    const text = await readFile(join(dir, OUTBOX_FILE), 'utf8');
    expect(text.trim().split('\n').length).toBeLessThan(1_100);
    expect(text.split('\n').filter((l) => l.includes('"waiting"'))).toHaveLength(1);
    const reopened = await open();
    expect(reopened.waiting().map((l) => l.id)).toEqual(['F1000']);
    expect(reopened.refused().map((r) => r.lead.id)).toEqual(['refused']);
    expect(await reopened.add(lead('F5'))).toBe(false);
  });
});
