/**
 * The console door: each input line is a message (also when piped), replies are printed.
 * `/file PATH` sends a file, `/as NAME` switches the sender, `/room NAME` moves into a group (`/room` alone:
 * back to private), where lines mention the bot unless `/nomention` (`/mention` turns it back on).
 * `runConsole` runs it alone on a chat host: at the end of the input it waits for the replies still due (also
 * those of the background work started with the host, such as a lead's re-check), then returns.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { makePrivateDir, writePrivateFile } from '../../../store/private-files.js';
import { ChatHost, type HandlerFactory } from '../../host.js';
import type { ChatContent, ChatReply, ChatRoomRef, ChatSender } from '../../types.js';
import type { ChatTransport, SendLimits, TransportHost } from '../transport.js';

export interface ConsoleTransportOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who types (default 控制台用户); the sender id is the name. */
  user?: string;
  /** Where files the bot sends are saved. */
  saveDir: string;
  /** Long replies are split like on WeChat. */
  maxMessageChars: number;
}

export class ConsoleTransport implements ChatTransport {
  readonly door = 'console' as const;
  readonly sendLimits: SendLimits;
  /** Resolves once the input has ended and every line was handed to the host. */
  readonly finished: Promise<void>;
  private endInput: () => void = () => {};
  private lines: Interface | undefined;
  private sender: ChatSender;
  private room: ChatRoomRef | undefined;
  private mentioned = true;
  private seq = 0;

  constructor(private readonly options: ConsoleTransportOptions) {
    this.sendLimits = { intervalMs: 0, maxChars: options.maxMessageChars, retries: 0 };
    const user = options.user ?? '控制台用户';
    this.sender = { id: user, name: user };
    this.finished = new Promise((resolve) => {
      this.endInput = resolve;
    });
  }

  async start(host: TransportHost): Promise<void> {
    this.lines = createInterface({
      input: this.options.input,
      terminal: false,
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    void this.read(host, this.lines).finally(this.endInput);
  }

  async deliver(reply: ChatReply): Promise<void> {
    const { output, saveDir } = this.options;
    const where = reply.to.roomId
      ? `${reply.to.roomTopic ?? reply.to.roomId} @${reply.to.userName ?? reply.to.userId}`
      : reply.to.userId;
    if (reply.content.kind === 'text') {
      output.write(`🤖 → ${where}\n${reply.content.text}\n\n`);
      return;
    }
    await makePrivateDir(saveDir);
    const path = join(saveDir, basename(reply.content.file.name));
    await writePrivateFile(path, reply.content.file.bytes);
    output.write(`🤖 → ${where}\n📎 文件已保存：${path}\n\n`);
  }

  async stop(): Promise<void> {
    this.lines?.close();
  }

  private async read(host: TransportHost, lines: Interface): Promise<void> {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line !== '') await this.line(host, line);
    }
  }

  private async line(host: TransportHost, line: string): Promise<void> {
    const { output } = this.options;
    const [command, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (command) {
      case '/as':
        if (arg) this.sender = { id: arg, name: arg };
        output.write(`（当前身份：${this.sender.name}）\n`);
        return;
      case '/room':
        this.room = arg ? { id: `room:${arg}`, topic: arg } : undefined;
        output.write(this.room ? `（进入群：${arg}）\n` : '（回到私聊）\n');
        return;
      case '/nomention':
      case '/mention':
        this.mentioned = command === '/mention';
        output.write(this.mentioned ? '（群消息将 @机器人）\n' : '（群消息不 @机器人）\n');
        return;
      case '/file': {
        const path = resolve(arg);
        let bytes: Buffer;
        try {
          bytes = await readFile(path);
        } catch (error) {
          output.write(
            `（无法读取文件 ${path}：${(error as NodeJS.ErrnoException).code ?? String(error)}）\n`,
          );
          return;
        }
        await this.message(host, { kind: 'file', file: { name: basename(path), bytes } });
        return;
      }
      default:
        await this.message(host, { kind: 'text', text: line });
    }
  }

  private async message(host: TransportHost, content: ChatContent): Promise<void> {
    await host.receive({
      messageId: `console-${++this.seq}`,
      door: 'console',
      content,
      sender: this.sender,
      room: this.room,
      mentioned: this.room !== undefined && this.mentioned,
      timestamp: Date.now(),
    });
  }
}

export interface ConsoleOptions extends ConsoleTransportOptions {
  handler: HandlerFactory;
  /** How often unverifiable queries are asked again while the console runs (default 60 s). */
  retryEveryMs?: number;
}

/** Run the console alone until the input ends and every reply due is printed. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const transport = new ConsoleTransport(options);
  const host = new ChatHost({
    handler: options.handler,
    transports: [transport],
    retryEveryMs: options.retryEveryMs ?? 60_000,
  });
  try {
    await host.start();
    await transport.finished;
    // The bot's own work started with the host (a lead re-check that tells its asker) may still owe replies.
    await host.tick();
  } finally {
    await host.stop();
  }
}
