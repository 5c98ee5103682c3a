/**
 * The doors `cert-verify bot` opens, built from the configuration: which ones (named, or every one whose settings
 * are filled in) and the transport of each.
 */
import { join } from 'node:path';
import { ConsoleTransport } from '../chat/transports/console/index.js';
import type { ChatTransport } from '../chat/transports/transport.js';
import type { ChatDoor } from '../config/chat-ids.js';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../domain/errors.js';

/** The console user's name (the console's sender id is the name); the `bot` command makes them an admin. */
export const CONSOLE_USER = '控制台管理员';

/** Where the console door reads and prints. */
export interface ConsoleStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** How to open each door, for the message when none is configured. */
const HOW_TO_OPEN =
  '没有可以打开的入口。请任选其一：企业微信智能机器人（填写 wecom.bot.botId 和 wecom.bot.secret）；' +
  '服务号（填写 mp.appId、mp.appSecret、mp.token 和 mp.encodingAesKey）；' +
  'Wechaty（把 wechaty.enabled 设为 true，或 --transport wechaty）；在终端里试用：--transport console';

/** Whether every setting a door needs is filled in. */
function configured(config: Config, door: ChatDoor): boolean {
  switch (door) {
    case 'wecom':
      return config.wecom.bot.botId !== '' && config.wecom.bot.secret !== '';
    case 'mp': {
      const { appId, appSecret, token, encodingAesKey } = config.mp;
      return [appId, appSecret, token, encodingAesKey].every((value) => value !== '');
    }
    case 'wechaty':
      return config.wechaty.enabled;
    case 'console':
      return false;
  }
}

/**
 * The doors to open: those named (`--transport`, else `bot.transports`), or else every configured one.
 * Throws a Chinese ConfigError saying how to configure one when there is none.
 */
export function selectDoors(config: Config, named: readonly ChatDoor[]): ChatDoor[] {
  const chosen = named.length > 0 ? named : config.bot.transports;
  const doors =
    chosen.length > 0
      ? [...new Set(chosen)]
      : (['wecom', 'mp', 'wechaty'] as const).filter((door) => configured(config, door));
  if (doors.length === 0) throw new ConfigError(HOW_TO_OPEN);
  return doors;
}

/** Build the transport of one door from the configuration. */
export async function createTransport(
  door: ChatDoor,
  config: Config,
  streams: ConsoleStreams,
): Promise<ChatTransport> {
  switch (door) {
    case 'console':
      return new ConsoleTransport({
        ...streams,
        user: CONSOLE_USER,
        saveDir: join(config.dataDir, 'console-out'),
        maxMessageChars: config.chat.maxMessageChars,
      });
    case 'wechaty': {
      // Loaded only here: Wechaty is heavy and every other door does without it.
      const { createWechatyTransport } = await import('../chat/transports/wechaty/index.js');
      return createWechatyTransport(config);
    }
    case 'wecom': {
      const { createWecomTransport } = await import('../chat/transports/wecom/index.js');
      return createWecomTransport(config.wecom.bot);
    }
    case 'mp': {
      const { createMpTransport } = await import('../chat/transports/mp/index.js');
      return createMpTransport(config.mp, { limits: config.http });
    }
  }
}
