/**
 * End to end from a roster to a WeCom group: the real services import the sample roster into an enterprise's
 * ledger, verifying its people against the simulator, and the day's digest goes through the group robot
 * configured for the enterprise (`ledger.webhooks`) to the fake webhook API — every ID masked, each event once. A
 * robot that refuses is tried again, then the admin is told in the chat the ledger came from, and the events
 * stay for the next digest.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerService } from '../../src/app/ledger.js';
import type { ChatReply } from '../../src/chat/types.js';
import { sendDigest } from '../../src/verify/ledger-reminders.js';
import type { FakeWecomWebhookApi } from '../fakes/wecom-webhook-api.js';
import type { AppOnSimulator } from '../faults/app-on-simulator.js';
import { SAMPLES, TODAY } from './doors-on-simulator.js';
import { type SamplesWithWebhook, samplesWithWebhook } from './samples-with-webhook.js';

const KEY = 'ledger-group-key';
const CHEN = '440305198701300468';
const ROSTER = join(SAMPLES, 'roster-demo.xlsx');

let webhook: FakeWecomWebhookApi;
let env: AppOnSimulator;
let started: SamplesWithWebhook;
beforeEach(async () => {
  started = await samplesWithWebhook(KEY, (config) => {
    config.wecom.webhook.groups = { 安全科: 'no-such-key' };
    config.ledger = { ...config.ledger, webhooks: { 甲公司: '' }, pushTries: 2, pushRetryDelayMs: 0 };
  });
  ({ webhook, env } = started);
  const { app } = env;
  await app.ledger.importFile(
    '甲公司',
    { name: 'roster-demo.xlsx', bytes: await readFile(ROSTER) },
    { verify: true, requester: { channel: 'batch', file: 'roster-demo.xlsx', enterprise: '甲公司' } },
  );
});
afterEach(() => started.close());

const contents = () =>
  webhook.messages().map((m) => String((m.text as { content?: string } | undefined)?.content));

describe('the ledger’s reminders through the group robot', () => {
  it('pushes the day’s digest with every ID masked, and never the same event twice', async () => {
    const { app } = env;
    const book = app.ledger.ledger.book('甲公司');
    expect(book?.people.length).toBe(31);
    expect(await sendDigest(book!, TODAY, app.ledger.reminderDeps())).toBe('sent');
    const pushed = contents().join('\n');
    expect(pushed).toContain('【甲公司 持证提醒 2026-11-24】');
    expect(pushed).toContain('陈静 440305********0468');
    expect(pushed).toContain('已过期');
    expect(JSON.stringify(webhook.calls)).not.toContain(CHEN);

    const before = webhook.messages().length;
    expect(await sendDigest(app.ledger.ledger.book('甲公司')!, TODAY, app.ledger.reminderDeps())).toBe(
      'quiet',
    );
    expect(webhook.messages()).toHaveLength(before);
  });

  it('tries a refusing robot again, tells the admin, and keeps the events for the next digest', async () => {
    const { app, config } = env;
    const told: ChatReply[] = [];
    const admin = { door: 'console' as const, userId: '王工' };
    await app.ledger.ledger.change('甲公司', (book) => {
      book.chat = admin;
    });
    const refusing = createLedgerService({
      config: { ...config, ledger: { ...config.ledger, webhooks: { 甲公司: '安全科' } } },
      store: app.store,
      ledger: app.ledger.ledger,
      pipeline: app.pipeline,
      today: () => TODAY,
      send: (reply) => told.push(reply),
      reachable: () => true,
    });
    const book = () => app.ledger.ledger.book('甲公司')!;
    expect(await sendDigest(book(), TODAY, refusing.reminderDeps())).toBe('failed');
    expect(webhook.calls.filter((c) => c.key === 'no-such-key')).toHaveLength(2);
    expect(told).toHaveLength(1);
    expect(told[0]?.to).toEqual(admin);
    expect(told[0]?.content).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('提醒事项没有丢失'),
    });
    expect(Object.keys(book().sent)).toHaveLength(0);

    // The next day, through the working robot, the same events go out.
    expect(await sendDigest(book(), '2026-11-25', app.ledger.reminderDeps())).toBe('sent');
    expect(contents().join('\n')).toContain('陈静 440305********0468');
  });
});
