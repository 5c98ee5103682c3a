/**
 * Which doors `cert-verify bot` opens: those named (`--transport`, `bot.transports`), else every door whose
 * settings are filled in, else a Chinese error saying how to open one.
 */
import { describe, expect, it } from 'vitest';
import { createTransport, selectDoors } from '../../src/app/doors.js';
import { ConsoleTransport } from '../../src/chat/transports/console/index.js';
import { parseTransports } from '../../src/cli/commands/bot.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';

const base = () => loadConfig({ env: {} });
/** The config with another door's section, as that door's own schema will add it. */
const withSection = (config: Config, key: string, section: object) =>
  ({ ...config, [key]: section }) as Config;

describe('bot --transport', () => {
  it('reads a comma-separated list; --console adds the console; an unknown name is a usage error', () => {
    expect(parseTransports('wecom, mp', false)).toEqual(['wecom', 'mp']);
    expect(parseTransports(undefined, true)).toEqual(['console']);
    expect(parseTransports(undefined, false)).toEqual([]);
    expect(() => parseTransports('wechat', false)).toThrow(UsageError);
    expect(() => parseTransports('wechat', false)).toThrow('未知的入口：wechat');
  });

  it('named doors win, then bot.transports, then the configured ones; none is a Chinese error', () => {
    const config = base();
    expect(() => selectDoors(config, [])).toThrow(
      /没有可以打开的入口.*wecom\.bot\.botId.*--transport console/,
    );
    expect(selectDoors(config, ['console', 'console'])).toEqual(['console']);
    expect(selectDoors({ ...config, bot: { transports: ['mp'] } }, [])).toEqual(['mp']);
    expect(selectDoors({ ...config, wechaty: { ...config.wechaty, enabled: true } }, [])).toEqual([
      'wechaty',
    ]);
    const wecom = withSection(config, 'wecom', { bot: { botId: 'bot-1', secret: 's' } });
    expect(selectDoors(wecom, [])).toEqual(['wecom']);
    const halfMp = withSection(wecom, 'mp', { appId: 'wx1', token: 't', encodingAesKey: 'k', appSecret: '' });
    expect(selectDoors(halfMp, [])).toEqual(['wecom']);
  });

  it('builds the console door', async () => {
    const streams = { input: process.stdin, output: process.stdout };
    expect(await createTransport('console', base(), streams)).toBeInstanceOf(ConsoleTransport);
  });
});
