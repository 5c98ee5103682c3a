import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MP_TEXT_MAX_CHARS, MpApi, MpApiError } from '../../../../src/chat/transports/mp/api.js';
import { type FakeMpApi, startFakeMpApi } from '../../../fakes/wechat-mp-api.js';

const APP = { appId: 'wx_fake_app', appSecret: 'fake-secret' };
let clock = Date.UTC(2026, 0, 5);
let fake: FakeMpApi;
let api: MpApi;

beforeEach(async () => {
  clock = Date.UTC(2026, 0, 5);
  fake = await startFakeMpApi({ ...APP, now: () => clock });
  api = new MpApi({ ...APP, baseUrl: fake.url, now: () => clock });
  fake.userWrote('o_user', clock);
});
afterEach(() => fake.close());

const tokenCalls = () => fake.calls.filter((c) => c.path === '/cgi-bin/token').length;

describe('service account API client', () => {
  it('fetches the token once and reuses it; concurrent sends share one refresh', async () => {
    await Promise.all([
      api.sendText('o_user', '一'),
      api.sendText('o_user', '二'),
      api.sendText('o_user', '三'),
    ]);
    await api.sendText('o_user', '四');
    expect(tokenCalls()).toBe(1);
    expect(fake.sent.map((s) => s.content).sort()).toEqual(['一', '三', '二', '四'].sort());
    expect(fake.calls[0]?.query).toMatchObject({
      grant_type: 'client_credential',
      appid: APP.appId,
      secret: APP.appSecret,
    });
  });

  it('renews the token shortly before expires_in, without waiting for a 42001', async () => {
    await api.sendText('o_user', '一');
    clock += (7200 - 299) * 1000;
    await api.sendText('o_user', '二');
    expect(tokenCalls()).toBe(2);
    expect(fake.calls.every((c) => c.errcode === 0)).toBe(true);
  });

  it('on 40001 (token revoked) fetches a fresh token once and retries', async () => {
    await api.sendText('o_user', '一');
    fake.revokeTokens();
    await api.sendText('o_user', '二');
    expect(tokenCalls()).toBe(2);
    expect(fake.calls.map((c) => c.errcode)).toEqual([0, 0, 40001, 0, 0]);
    expect(fake.sent.map((s) => s.content)).toEqual(['一', '二']);
  });

  it('on 42001 (the platform says the token expired before we thought) fetches a fresh one and retries', async () => {
    let skew = 0;
    const ahead = await startFakeMpApi({ ...APP, now: () => clock + skew });
    try {
      ahead.userWrote('o_user', clock + 8000 * 1000);
      const client = new MpApi({ ...APP, baseUrl: ahead.url, now: () => clock });
      await client.sendText('o_user', '一');
      skew = 7200 * 1000;
      await client.sendText('o_user', '二');
      expect(ahead.calls.map((c) => c.errcode)).toEqual([0, 0, 42001, 0, 0]);
      expect(ahead.sent.map((s) => s.content)).toEqual(['一', '二']);
    } finally {
      await ahead.close();
    }
  });

  it('45015 outside the 48-hour window is a typed error, sent once', async () => {
    clock += 48 * 3600_000 + 1;
    const error = await api.sendText('o_user', '迟到的答复').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MpApiError);
    expect((error as MpApiError).errcode).toBe(45015);
    expect(fake.calls.filter((c) => c.path === '/cgi-bin/message/custom/send')).toHaveLength(1);
  });

  it('an error message names neither the token nor the secret; a wrong secret is rejected', async () => {
    const bad = new MpApi({ ...APP, appSecret: 'wrong-secret', baseUrl: fake.url, now: () => clock });
    const error = (await bad.sendText('o_user', 'x').catch((e: unknown) => e)) as MpApiError;
    expect(error.errcode).toBe(40125);
    expect(error.message).not.toContain('wrong-secret');
    fake.failNextSend(40003);
    const other = (await api.sendText('o_user', 'x').catch((e: unknown) => e)) as MpApiError;
    expect(other.errcode).toBe(40003);
    expect(other.message).not.toContain('FAKE_TOKEN');
  });

  it('splits a long text under the customer-service limit (2048 bytes)', async () => {
    const line = '核'.repeat(100);
    await api.sendText('o_user', Array.from({ length: 15 }, () => line).join('\n'));
    expect(fake.sent.length).toBeGreaterThan(1);
    for (const s of fake.sent) {
      expect(s.content.length).toBeLessThanOrEqual(MP_TEXT_MAX_CHARS);
      expect(Buffer.byteLength(s.content)).toBeLessThanOrEqual(2048);
    }
    expect(fake.sent.map((s) => s.content).join('\n')).toBe(
      Array.from({ length: 15 }, () => line).join('\n'),
    );
  });

  it('downloads a media file a user sent; an unknown media_id is an error', async () => {
    fake.addMedia('MEDIA_1', Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
    expect(await api.getMedia('MEDIA_1')).toEqual(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
    await expect(api.getMedia('nope')).rejects.toMatchObject({ errcode: 40007 });
  });
});
