import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvOverrides } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';

const noEnv = {};

function userFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cvb-config-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('loadConfig', () => {
  it('loads the defaults', () => {
    const config = loadConfig({ env: noEnv });
    expect(config.rules.warnDays).toBe(60);
    expect(config.lookup.minIntervalMs).toBe(3000);
    expect(config.captcha.chain).toEqual(['ocr']);
  });

  it('merges a user file key by key and replaces arrays', () => {
    const config = loadConfig({
      env: noEnv,
      file: userFile({ rules: { warnDays: 30 }, captcha: { chain: ['http'] } }),
    });
    expect(config.rules.warnDays).toBe(30);
    expect(config.rules.reviewDoneWindowDays).toBe(90);
    expect(config.captcha.chain).toEqual(['http']);
  });

  it('applies environment then flag overrides, flags last', () => {
    const env = {
      CERT_VERIFY_MIN_INTERVAL_MS: '500',
      CERT_VERIFY__chat__maxQueriesPerHour: '12',
      CERT_VERIFY_ADMINS: 'alice, bob',
    };
    const config = loadConfig({
      env,
      overrides: [{ key: 'lookup.minIntervalMs', value: 0, source: '--min-interval-ms' }],
    });
    expect(config.lookup.minIntervalMs).toBe(0);
    expect(config.chat.maxQueriesPerHour).toBe(12);
    expect(config.chat.admins).toEqual(['alice', 'bob']);
  });

  it('names the bad key in Chinese', () => {
    expect(() => loadConfig({ env: { CERT_VERIFY__rules__warnDays: '"soon"' } })).toThrow(
      /配置项 rules\.warnDays 无效/,
    );
    expect(() => loadConfig({ env: noEnv, file: userFile({ lookup: { minIntervalMs: -1 } }) })).toThrow(
      /lookup\.minIntervalMs/,
    );
  });

  it('refuses unknown keys and impossible dates', () => {
    expect(() => loadConfig({ env: noEnv, file: userFile({ rules: { warnDay: 3 } }) })).toThrow(
      /未知的配置项 rules\.warnDay/,
    );
    expect(() => loadConfig({ env: { CERT_VERIFY_TODAY: '2025-02-29' } })).toThrow(ConfigError);
    expect(loadConfig({ env: { CERT_VERIFY_TODAY: '2024-02-29' } }).today).toBe('2024-02-29');
  });

  it('refuses a platform field name listed under two fields, in any letter case', () => {
    // An old user file that still reads the due date from `reviewDate`, now the actual review's field.
    const file = userFile({ lookup: { fieldAliases: { reviewDue: ['ReviewDate', 'shouldReviewDate'] } } });
    expect(() => loadConfig({ env: noEnv, file })).toThrow(ConfigError);
    expect(() => loadConfig({ env: noEnv, file })).toThrow(
      /平台字段名「(ReviewDate|reviewDate)」同时列在 (reviewDue 和 reviewedOn|reviewedOn 和 reviewDue) 下/,
    );
  });

  it('lists no default platform field name under two fields', () => {
    const { fieldAliases } = loadConfig({ env: noEnv }).lookup;
    const names = Object.values(fieldAliases).flatMap((list) => [
      ...new Set(list.map((n) => n.toLowerCase())),
    ]);
    expect(names.length).toBe(new Set(names).size);
    expect(fieldAliases.reviewDue?.[0]).toBe('shouldReviewDate');
    expect(fieldAliases.reviewedOn?.[0]).toBe('reviewDate');
  });

  it('says which file is not JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cvb-config-')), 'bad.json');
    writeFileSync(file, '{ not json');
    expect(() => loadConfig({ env: noEnv, file })).toThrow(/不是有效的 JSON/);
  });

  it('resolves a relative data directory against the base directory', () => {
    expect(loadConfig({ env: noEnv, baseDir: '/srv/bot' }).dataDir).toBe('/srv/bot/data/runtime');
  });
});

describe('readEnvOverrides', () => {
  it('ignores unrelated variables', () => {
    expect(readEnvOverrides({ PATH: '/bin', HOME: '/root' })).toEqual([]);
  });

  it('refuses a display name or room topic where an id belongs, saying how to find the id', () => {
    for (const chat of [
      { admins: ['安全科王科长'] },
      { allowedContacts: ['wechaty:王 工'] },
      { allowedRooms: ['安全生产群'] },
      { enterprises: { 安全生产群: '甲公司' } },
    ]) {
      expect(() => loadConfig({ env: noEnv, file: userFile({ chat }) })).toThrow(/不是 ID.*我的ID/);
    }
    const config = loadConfig({
      env: noEnv,
      file: userFile({
        chat: {
          admins: ['wxid_abc123', 'console:安全科王科长'],
          allowedRooms: ['wechaty:1234567@chatroom', 'console:room:安全生产群'],
          enterprises: { 'wecom:zhangsan': '甲公司' },
        },
      }),
    });
    expect(config.chat.admins).toEqual(['wxid_abc123', 'console:安全科王科长']);
  });
});
