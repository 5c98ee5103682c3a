/**
 * `cert-verify bot [--console]`: the WeChat bot (Wechaty, login QR code in the terminal), or the same handler on
 * the terminal. In the console the person typing is an admin (a local user of the machine).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { servicesHandlerFactory } from '../../chat/compose.js';
import { runConsole } from '../../chat/console.js';
import { chatIdEntry } from '../../config/chat-ids.js';
import { logger } from '../../util/logger.js';
import { type CliContext, contextFrom } from '../context.js';

const log = logger('cli-bot');

/** The console user's name (the console's sender id is the name). */
const CONSOLE_USER = '控制台管理员';

/** The chat on the terminal: standard input in, replies on standard output; the person typing is an admin. */
export async function runConsoleBot(ctx: CliContext): Promise<void> {
  const chat = {
    ...ctx.config.chat,
    admins: [chatIdEntry('console', CONSOLE_USER), ...ctx.config.chat.admins],
  };
  await runConsole({
    input: process.stdin,
    output: process.stdout,
    handler: servicesHandlerFactory({ ...ctx, config: { ...ctx.config, chat } }),
    user: CONSOLE_USER,
    saveDir: join(ctx.config.dataDir, 'console-out'),
    maxMessageChars: chat.maxMessageChars,
  });
}

/** Register `bot` on the program. */
export function registerBot(program: Command): void {
  program
    .command('bot')
    .description('启动微信机器人（扫码登录）；--console 在终端里试用同一套对话')
    .option('--console', '在终端里对话：每行一条消息，/file 路径 发送文件，/as 姓名、/room 群名 切换身份和群')
    .action(async (options: { console?: boolean }, command: Command) => {
      const ctx = contextFrom(command);
      if (options.console) {
        await runConsoleBot(ctx);
        return;
      }
      // Loaded here, not at the top: Wechaty is heavy and every other command (batch, check, demo) does without it.
      const { buildWechatyBot } = await import('../../chat/wechaty-bot.js');
      const bot = await buildWechatyBot(ctx.config, {
        handler: servicesHandlerFactory(ctx),
        chat: ctx.config.chat,
      });
      await bot.start();
      await new Promise<void>((resolve) => {
        const stop = () => {
          log.info('stopping the bot');
          bot.stop().finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
