import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';

function userFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cvb-config-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('wecom.bot settings', () => {
  it('default to an unconfigured robot on WeCom’s long-connection address', () => {
    expect(loadConfig({ env: {} }).wecom.bot).toEqual({
      botId: '',
      secret: '',
      wsUrl: 'wss://openws.work.weixin.qq.com',
    });
  });

  it('take the secret from the environment and refuse an address that is no WebSocket', () => {
    const env = { CERT_VERIFY__wecom__bot__secret: 'abc-secret', CERT_VERIFY__wecom__bot__botId: 'aib-1' };
    expect(loadConfig({ env }).wecom.bot).toMatchObject({ botId: 'aib-1', secret: 'abc-secret' });
    const file = userFile({ wecom: { bot: { wsUrl: 'https://openws.work.weixin.qq.com' } } });
    expect(() => loadConfig({ env: {}, file })).toThrow(ConfigError);
  });
});
