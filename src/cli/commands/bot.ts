/**
 * `cert-verify bot [--transport wecom,mp,wechaty,console]`: the chat host with the doors named (comma-separated,
 * several in one process), or else those in `bot.transports`, or else every door whose settings are filled in.
 * `--console` is `--transport console`. On the console the person typing is an admin (a local user of the
 * machine); the bot runs until the console's input ends, or else until SIGINT / SIGTERM.
 */
import type { Command } from 'commander';
import { servicesHandlerFactory } from '../../app/compose.js';
import { CONSOLE_USER, createTransport, selectDoors } from '../../app/doors.js';
import { ChatHost } from '../../chat/host.js';
import { ConsoleTransport } from '../../chat/transports/console/index.js';
import { CHAT_DOORS, type ChatDoor, chatIdEntry } from '../../config/chat-ids.js';
import { logger } from '../../util/logger.js';
import { type CliContext, contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';

const log = logger('cli-bot');

/** How often unverifiable queries are asked again: every minute on the console alone, else every 5 minutes. */
const RETRY_EVERY_MS = { console: 60_000, doors: 5 * 60_000 };

/** `--transport a,b` read; an unknown name is a usage error. */
export function parseTransports(value: string | undefined, console: boolean): ChatDoor[] {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const doors: ChatDoor[] = [];
  for (const name of names) {
    const door = CHAT_DOORS.find((d) => d === name);
    if (!door) throw new UsageError(`未知的入口：${name}。可选：${CHAT_DOORS.join('、')}`);
    doors.push(door);
  }
  if (console) doors.push('console');
  return doors;
}

/** Run the host with `doors` until the console's input ends or the process is asked to stop. */
export async function runBot(ctx: CliContext, doors: readonly ChatDoor[]): Promise<void> {
  // The console user is an admin, on the console door only.
  const chat = doors.includes('console')
    ? { ...ctx.config.chat, admins: [chatIdEntry('console', CONSOLE_USER), ...ctx.config.chat.admins] }
    : ctx.config.chat;
  const config = { ...ctx.config, chat };
  const streams = { input: process.stdin, output: process.stdout };
  const transports = await Promise.all(doors.map((door) => createTransport(door, config, streams)));
  const host = new ChatHost({
    handler: servicesHandlerFactory({ ...ctx, config }),
    transports,
    retryEveryMs:
      doors.length === 1 && doors[0] === 'console' ? RETRY_EVERY_MS.console : RETRY_EVERY_MS.doors,
  });
  const consoleDoor = transports.find((t) => t instanceof ConsoleTransport);
  let onSignal = () => {};
  const signalled = new Promise<void>((resolve) => {
    onSignal = () => {
      log.info('stopping the bot');
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  try {
    await host.start();
    const inputEnded = await Promise.race([
      signalled.then(() => false),
      (consoleDoor?.finished ?? signalled).then(() => consoleDoor !== undefined),
    ]);
    // The console's input ended: the bot's own work started with it (a lead's re-check) may still owe replies.
    if (inputEnded) await host.tick();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await host.stop();
  }
}

/** Register `bot` on the program. */
export function registerBot(program: Command): void {
  program
    .command('bot')
    .description(
      '启动聊天机器人：--transport 选择入口（wecom、mp、wechaty、console，可用逗号同时开几个）；不写时打开已配置的入口',
    )
    .option(
      '--transport <names>',
      '要打开的入口，逗号分隔：wecom（企业微信智能机器人）、mp（服务号）、wechaty、console（终端）',
    )
    .option(
      '--console',
      '等同 --transport console：在终端里对话，每行一条消息，/file 路径 发送文件，/as 姓名、/room 群名 切换身份和群',
    )
    .action(async (options: { transport?: string; console?: boolean }, command: Command) => {
      const ctx = contextFrom(command);
      await runBot(
        ctx,
        selectDoors(ctx.config, parseTransports(options.transport, options.console === true)),
      );
    });
}
