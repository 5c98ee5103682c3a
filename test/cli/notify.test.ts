import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { type FakeWecomWebhookApi, startWecomWebhookApi } from '../fakes/wecom-webhook-api.js';

const KEY = 'cli-test-key';
let out: MockInstance;
let err: MockInstance;
let fake: FakeWecomWebhookApi;
let dir: string;

beforeEach(async () => {
  out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  fake = await startWecomWebhookApi({ keys: [KEY] });
  dir = await mkdtemp(join(tmpdir(), 'notify-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const printed = (spy: MockInstance) => spy.mock.calls.map((c) => String(c[0])).join('');

/** A config file pointing `wecom.apiBaseUrl` at the fake. */
async function config(webhook: { key: string; groups?: Record<string, string> }): Promise<string> {
  const file = join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({ wecom: { apiBaseUrl: fake.url, webhook: { groups: {}, ...webhook } } }),
  );
  return file;
}

describe('cert-verify notify', () => {
  it('pushes a text to the configured group, the ID number masked', async () => {
    const file = await config({ key: KEY });
    const code = await runCli(['--config', file, 'notify', '张三', '11010519491231002X', '的证书下月到期']);
    expect(code).toBe(0);
    expect(fake.messages()).toEqual([
      { msgtype: 'text', text: { content: '张三 110105********002X 的证书下月到期' } },
    ]);
    expect(printed(out)).toContain('已发送');
  });

  it('sends markdown with --markdown, and a file with --file to a named group', async () => {
    const file = await config({ key: '', groups: { 安全科: KEY } });
    expect(
      await runCli(['--config', file, 'notify', '--group', '安全科', '--markdown', '**本月到期**：2 人']),
    ).toBe(0);
    const roster = join(dir, '到期名单.csv');
    await writeFile(roster, '姓名,到期\n张三,2026-12-31\n');
    expect(await runCli(['--config', file, 'notify', '--group', '安全科', '--file', roster])).toBe(0);
    expect(fake.calls.map((c) => c.path)).toEqual([
      '/cgi-bin/webhook/send',
      '/cgi-bin/webhook/upload_media',
      '/cgi-bin/webhook/send',
    ]);
    expect(fake.calls[1]?.file?.name).toBe('到期名单.csv');
    expect(fake.messages()[1]).toEqual({
      msgtype: 'file',
      file: { media_id: fake.calls[1]?.answer.media_id },
    });
  });

  it('takes the key from the environment (CERT_VERIFY__wecom__webhook__key)', async () => {
    vi.stubEnv('CERT_VERIFY__wecom__webhook__key', KEY);
    const file = await config({ key: '' });
    expect(await runCli(['--config', file, 'notify', '提醒'])).toBe(0);
    expect(fake.messages()).toEqual([{ msgtype: 'text', text: { content: '提醒' } }]);
  });

  it('says in Chinese that no group robot is configured (exit 2)', async () => {
    const file = await config({ key: '' });
    expect(await runCli(['--config', file, 'notify', '你好'])).toBe(2);
    expect(printed(err)).toContain('没有配置群机器人');
    expect(fake.calls).toEqual([]);
  });

  it('an invalid key fails with a Chinese message and exit 1, and never prints the key', async () => {
    const file = await config({ key: 'wrong-secret-key' });
    expect(await runCli(['--config', file, 'notify', '你好'])).toBe(1);
    expect(printed(err)).toContain('key 无效');
    expect(printed(err)).toContain('93000');
    expect(printed(err) + printed(out)).not.toContain('wrong-secret-key');
    expect(fake.calls).toHaveLength(1);
  });

  it('nothing to send is a usage error (exit 2)', async () => {
    const file = await config({ key: KEY });
    expect(await runCli(['--config', file, 'notify'])).toBe(2);
    expect(printed(err)).toContain('没有要发送的内容');
  });

  it('refuses a whole webhook address in wecom.webhook.key', async () => {
    const file = await config({ key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` });
    expect(await runCli(['--config', file, 'notify', '你好'])).toBe(2);
    expect(printed(err)).toContain('wecom.webhook.key');
    expect(fake.calls).toEqual([]);
  });
});
