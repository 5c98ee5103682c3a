/**
 * End to end to a WeCom group through its group robot: the real services verify people against the simulator,
 * and the `GroupNotifier` built from the configuration (as `cert-verify notify` builds it) pushes a reminder of
 * what they found — a markdown naming the holders and the problem list the bot exports for a non-admin — to the
 * fake webhook API. No full ID number reaches the group, neither in the text nor inside the file.
 * (`test/cli/notify.test.ts` covers the command's own options.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifierFromSettings } from '../../src/chat/transports/webhook/index.js';
import { statusLabel } from '../../src/domain/status.js';
import { parseTextQueries } from '../../src/domain/text-query.js';
import type { FakeWecomWebhookApi } from '../fakes/wecom-webhook-api.js';
import type { AppOnSimulator } from '../faults/app-on-simulator.js';
import { TODAY, workbookText } from './doors-on-simulator.js';
import { type SamplesWithWebhook, samplesWithWebhook } from './samples-with-webhook.js';

const KEY = 'e2e-group-key';
const CHEN = '440305198701300468';
const GUO = '150102197809300538';

let webhook: FakeWecomWebhookApi;
let env: AppOnSimulator;
let started: SamplesWithWebhook;
beforeEach(async () => {
  started = await samplesWithWebhook(KEY);
  ({ webhook, env } = started);
});
afterEach(() => started.close());

describe('a reminder to a WeCom group', () => {
  it('pushes the verdicts and the problem list with every ID masked', async () => {
    const { app } = env;
    const requester = { channel: 'chat' as const, userId: 'anquanke-wang', userName: '安全科' };
    const { queries } = parseTextQueries(`陈静 ${CHEN}\n郭鹏 ${GUO}`, TODAY);
    const verdicts = await Promise.all(
      queries.map((q) => app.pipeline.verify(q, { requester, today: TODAY })),
    );
    const lines = verdicts.map((v) => `- ${v.query.name} ${v.query.idNumber}：${statusLabel(v.status)}`);
    const list = await app.chat.exportReport('problems', requester, false);

    const notifier = notifierFromSettings(env.config.wecom);
    await notifier.notify({ markdown: `**持证提醒（${TODAY}）**\n${lines.join('\n')}` });
    await notifier.notify({ file: { name: list.name, data: list.bytes } });

    const [markdown, file] = webhook.messages();
    const content = String((markdown?.markdown as { content?: string } | undefined)?.content);
    expect(content).toContain('陈静 440305********0468');
    expect(content).toContain('郭鹏 150102********0538');
    expect(content).toContain(statusLabel('expired'));
    expect(file).toMatchObject({ msgtype: 'file' });
    const upload = webhook.calls.find((c) => c.path === '/cgi-bin/webhook/upload_media');
    const cells = await workbookText(upload?.file?.data ?? Buffer.alloc(0));
    expect(cells).toContain(
      '郭鹏（身份证 150102********0538）金属非金属矿山爆破作业操作证已于 2026-11-23 过期',
    );
    expect(JSON.stringify(webhook.calls) + cells).not.toMatch(new RegExp(`${CHEN}|${GUO}`));
  });
});
