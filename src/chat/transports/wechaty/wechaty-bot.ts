/**
 * The Wechaty door from config.wechaty: puppet (default wechaty-puppet-wechat4u; wechaty-puppet-service with a
 * token), the session memory card under the data directory, the login QR code in the terminal.
 */
import { join } from 'node:path';
import qrcodeTerminal from 'qrcode-terminal';
import { type PuppetModuleName, ScanStatus, type Wechaty, WechatyBuilder } from 'wechaty';
import type { Config } from '../../../config/schema.js';
import { makePrivateDir } from '../../../store/private-files.js';
import { logger } from '../../../util/logger.js';
import { STALE_TOLERANCE_MS, WechatyTransport } from './wechaty-plugin.js';

const log = logger('wechaty-bot');

/** Build (not start) the bot. The memory card keeps the login session in `<dataDir>/wechaty/<name>` (0700). */
export async function buildWechatyBot(
  config: Config,
  out: NodeJS.WritableStream = process.stderr,
): Promise<Wechaty> {
  const dir = join(config.dataDir, 'wechaty');
  await makePrivateDir(dir);
  const { name, puppet, puppetToken } = config.wechaty;
  const bot = WechatyBuilder.build({
    name: join(dir, name),
    puppet: puppet as PuppetModuleName,
    puppetOptions: puppetToken ? { token: puppetToken } : undefined,
  });
  bot.on('scan', (qrcode, status) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    out.write('请用微信扫描下面的二维码登录机器人：\n');
    qrcodeTerminal.generate(qrcode, { small: true }, (art) => out.write(`${art}\n`));
    out.write(`或打开：https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}\n`);
  });
  bot.on('login', (user) => log.info({ user: user.name() }, 'logged in'));
  bot.on('logout', (user) => log.warn({ user: user.name() }, 'logged out'));
  bot.on('error', (error) => log.error({ error: String(error) }, 'wechaty error'));
  return bot;
}

/** The door over a bot built from the config; it starts and stops the bot itself. */
export async function createWechatyTransport(
  config: Config,
  out: NodeJS.WritableStream = process.stderr,
): Promise<WechatyTransport> {
  return new WechatyTransport(await buildWechatyBot(config, out), {
    chat: config.chat,
    staleToleranceMs: STALE_TOLERANCE_MS,
    ownsBot: true,
  });
}
