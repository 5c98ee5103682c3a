import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configSecrets } from '../../src/config/secrets.js';
import { maskSecretsInText, registerSecrets } from '../../src/util/secrets.js';

describe('the log guard for secrets', () => {
  it('masks a registered secret raw, percent-encoded, form-encoded and JSON-escaped', () => {
    const secret = 'p@ss w/rd+&"1';
    registerSecrets([secret]);
    const forms = [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ k: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) expect(maskSecretsInText(`url?key=${form}&x=1`)).toBe('url?key=***&x=1');
  });

  it('ignores empty and short values, which would mask ordinary words', () => {
    registerSecrets(['', 'abc12']);
    expect(maskSecretsInText('abc12 info')).toBe('abc12 info');
  });

  it('masks a longer secret whole when a shorter one is inside it', () => {
    registerSecrets(['inner-secret', 'outer-inner-secret-tail']);
    expect(maskSecretsInText('a outer-inner-secret-tail b inner-secret')).toBe('a *** b ***');
  });

  it('reads every secret setting out of the configuration, and the credentials in the captcha, bureau and database addresses', () => {
    const config = loadConfig({ env: {} });
    config.wecom.bot.secret = 'bot-secret';
    config.wecom.webhook = { key: 'hook-key', groups: { a: 'group-key' } };
    Object.assign(config.mp, { appSecret: 'app-secret', token: 'mp-token', encodingAesKey: 'aes-key' });
    config.wechaty.puppetToken = 'puppet-token';
    config.captcha.http.url = 'https://user:pass%2Bword@ocr.example/solve?key=ocr-key';
    Object.assign(config.bureau, {
      url: 'https://bot:url-pass@bureau.example',
      token: 'bureau-token',
      databaseUrl: 'postgres://bureau:db-pass@db.example/bureau',
    });
    expect(configSecrets(config).sort()).toEqual(
      [
        'bot-secret',
        'hook-key',
        'group-key',
        'app-secret',
        'mp-token',
        'aes-key',
        'puppet-token',
        'pass+word',
        'ocr-key',
        'bureau-token',
        'url-pass',
        'db-pass',
      ].sort(),
    );
  });

  it('no door writes a secret or an access token to the log, even on its worst paths', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/util/secret-doors.script.ts'], {
      encoding: 'utf8',
      env: { ...process.env, VITEST: '', NODE_ENV: 'production' },
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const { secrets, tokens } = JSON.parse(run.stdout) as { secrets: string[]; tokens: string[] };
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    for (const value of [...secrets, ...tokens]) expect(run.stderr).not.toContain(value);
    // The paths were taken and logged (the test cannot pass by logging nothing).
    for (const line of [
      'wecom reconnecting',
      'wecom authentication failed',
      'service account callback refused',
      'customer-service message not deliverable, dropped',
      'send failed, message dropped',
      'image download failed',
      'group robot says too frequent, backing off',
      '93000',
      '"access_token":"***"',
      'ocr?key=*** then https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    ]) {
      expect(run.stderr).toContain(line);
    }
  });
});
