/**
 * The handler on the terminal: each input line is a message (also when piped), replies are printed.
 * `/file PATH` sends a file, `/as NAME` switches the sender, `/room NAME` moves into a group (`/room` alone:
 * back to private), where lines mention the bot unless `/nomention` (`/mention` turns it back on).
 * At the end of the input it waits for the replies still due, then returns.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { makePrivateDir, writePrivateFile } from '../store/private-files.js';
import { logger } from '../util/logger.js';
import type { HandlerFactory } from './compose.js';
import { SendQueue } from './send-queue.js';
import type { ChatContent, ChatReply, ChatRoomRef, ChatSender } from './types.js';

const log = logger('console');

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  handler: HandlerFactory;
  /** Who types (default 控制台用户); the sender id is the name. */
  user?: string;
  /** Where files the bot sends are saved. */
  saveDir: string;
  /** Long replies are split like on WeChat. */
  maxMessageChars: number;
  /** How often unverifiable queries are asked again while the console runs (default 60 s). */
  retryEveryMs?: number;
}

/** Run the console until the input ends. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { output } = options;
  let sender: ChatSender = { id: options.user ?? '控制台用户', name: options.user ?? '控制台用户' };
  let room: ChatRoomRef | undefined;
  let mentioned = true;
  let seq = 0;

  const print = async (reply: ChatReply) => {
    const where = reply.to.roomId
      ? `${reply.to.roomTopic ?? reply.to.roomId} @${reply.to.userName ?? reply.to.userId}`
      : reply.to.userId;
    if (reply.content.kind === 'text') {
      output.write(`🤖 → ${where}\n${reply.content.text}\n\n`);
      return;
    }
    await makePrivateDir(options.saveDir);
    const path = join(options.saveDir, basename(reply.content.file.name));
    await writePrivateFile(path, reply.content.file.bytes);
    output.write(`🤖 → ${where}\n📎 文件已保存：${path}\n\n`);
  };
  const queue = new SendQueue(print, { intervalMs: 0, maxChars: options.maxMessageChars, retries: 0 });
  const { handler, close } = await options.handler((reply) => queue.push(reply));
  const timer = setInterval(() => void handler.retryPending(), options.retryEveryMs ?? 60_000);
  timer.unref();

  const message = (content: ChatContent) =>
    handler.handle({
      messageId: `console-${++seq}`,
      door: 'console',
      content,
      sender,
      room,
      mentioned: room !== undefined && mentioned,
      timestamp: Date.now(),
    });

  try {
    await handler.retryPending();
    for await (const raw of createInterface({
      input: options.input,
      terminal: false,
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      const line = raw.trim();
      if (line === '') continue;
      const [command, ...rest] = line.split(/\s+/);
      const arg = rest.join(' ');
      switch (command) {
        case '/as':
          if (arg) sender = { id: arg, name: arg };
          output.write(`（当前身份：${sender.name}）\n`);
          break;
        case '/room':
          room = arg ? { id: `room:${arg}`, topic: arg } : undefined;
          output.write(room ? `（进入群：${arg}）\n` : '（回到私聊）\n');
          break;
        case '/nomention':
        case '/mention':
          mentioned = command === '/mention';
          output.write(mentioned ? '（群消息将 @机器人）\n' : '（群消息不 @机器人）\n');
          break;
        case '/file': {
          const path = resolve(arg);
          let bytes: Buffer;
          try {
            bytes = await readFile(path);
          } catch (error) {
            output.write(
              `（无法读取文件 ${path}：${(error as NodeJS.ErrnoException).code ?? String(error)}）\n`,
            );
            break;
          }
          await message({ kind: 'file', file: { name: basename(path), bytes } });
          break;
        }
        default:
          await message({ kind: 'text', text: line });
      }
    }
    await queue.onIdle();
  } finally {
    clearInterval(timer);
    await close().catch((error) => log.error({ error: String(error) }, 'closing the services failed'));
  }
}
