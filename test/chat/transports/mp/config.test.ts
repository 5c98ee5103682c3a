import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config/load.js';
import { ConfigError } from '../../../../src/domain/errors.js';

function withMp(mp: Record<string, unknown>) {
  const file = join(mkdtempSync(join(tmpdir(), 'cvb-mp-')), 'config.json');
  writeFileSync(file, JSON.stringify({ mp }));
  return () => loadConfig({ env: {}, file });
}

describe('mp settings', () => {
  it('defaults: not configured, listening on 127.0.0.1:8080/wechat/mp, the real API', () => {
    expect(loadConfig({ env: {} }).mp).toEqual({
      appId: '',
      appSecret: '',
      token: '',
      encodingAesKey: '',
      mode: '',
      host: '127.0.0.1',
      port: 8080,
      path: '/wechat/mp',
      apiBaseUrl: 'https://api.weixin.qq.com',
    });
  });

  it('accepts a Token of 3–32 letters or digits and a 43-character EncodingAESKey', () => {
    const mp = withMp({ token: 'pamtest', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' })()
      .mp;
    expect(mp.token).toBe('pamtest');
  });

  it.each([
    { token: 'ab' },
    { token: 'a'.repeat(33) },
    { token: 'pam-test' },
    { encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF' },
    { encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDE+G' },
    { path: 'wechat' },
    { mode: 'safe' },
    { mode: 'compat' },
    { mode: 'encrypted' },
  ])('refuses %o', (mp) => {
    expect(withMp(mp)).toThrow(ConfigError);
  });
});
