/**
 * The Wechaty door (`WechatyTransport`), and the bot as a Wechaty plugin over it (in the manner of plugin-contrib's
 * ding-dong): `bot.use(CertVerifyBot({ handler, chat }))` runs the door on its own chat host.
 */
import { FileBox } from 'file-box';
import type { Message, Wechaty, WechatyPlugin } from 'wechaty';
import { types } from 'wechaty';
import { logger } from '../../../util/logger.js';
import type { ChatConfig } from '../../core/access.js';
import { ChatHost, type HandlerFactory } from '../../host.js';
import type { ChatInput, ChatReply } from '../../types.js';
import type { ChatTransport, SendLimits, TransportHost } from '../transport.js';

const log = logger('wechaty-plugin');

export interface PluginConfig {
  /** Builds the handler (the application's: servicesHandlerFactory in src/app/compose.ts). */
  handler: HandlerFactory;
  /** Access rules and send-queue settings (config.chat). */
  chat: ChatConfig;
  /** How often unverifiable queries are asked again (also once at login). */
  retryEveryMs: number;
  /** A message older than the plugin's start by more than this is stale (history replayed at login). */
  staleToleranceMs: number;
}

/** How much older than the door's start a message may be before it counts as replayed history. */
export const STALE_TOLERANCE_MS = 3_000;

/** Defaults for whatever the caller leaves out. */
export function completeConfig(
  partial: Partial<PluginConfig> & Pick<PluginConfig, 'handler' | 'chat'>,
): PluginConfig {
  return {
    handler: partial.handler,
    chat: partial.chat,
    retryEveryMs: partial.retryEveryMs ?? 5 * 60_000,
    staleToleranceMs: partial.staleToleranceMs ?? STALE_TOLERANCE_MS,
  };
}

/** Whether a message was written by the bot's own account. */
export function isOwnMessage(talkerId: string, selfId: string | undefined): boolean {
  return selfId !== undefined && talkerId === selfId;
}

/** Whether a message is older than the bot's start (WeChat replays history at login). */
export function isStale(messageAt: number, startedAt: number, toleranceMs: number): boolean {
  return messageAt < startedAt - toleranceMs;
}

/** Whether a group message is for the bot. */
export function shouldAnswerInRoom(mentioned: boolean, groupsNeedMention: boolean): boolean {
  return mentioned || !groupsNeedMention;
}

/** Message types carrying a file the handler may read. */
const FILE_TYPES: ReadonlySet<types.Message> = new Set([types.Message.Attachment, types.Message.Image]);

/** Translate a Wechaty message; undefined for kinds the bot does not read (voice, stickers, links …). */
export async function toChatInput(message: Message): Promise<ChatInput | undefined> {
  const room = message.room();
  const talker = message.talker();
  const base = {
    messageId: message.id,
    door: 'wechaty' as const,
    sender: { id: talker.id, name: talker.name() },
    room: room ? { id: room.id, topic: await room.topic() } : undefined,
    mentioned: room ? await message.mentionSelf() : false,
    timestamp: message.date().getTime(),
  };
  const type = message.type();
  if (type === types.Message.Text) {
    const text = room ? await message.mentionText() : message.text();
    return { ...base, content: { kind: 'text', text } };
  }
  if (!FILE_TYPES.has(type)) return undefined;
  const box = await message.toFileBox();
  return { ...base, content: { kind: 'file', file: { name: box.name, bytes: await box.toBuffer() } } };
}

/**
 * Send one reply on Wechaty: to the room mentioning the user, or privately. Addresses are ids only, never a
 * display name or a room topic, which anyone can share or change: a verdict must not reach a namesake. Rejects
 * when the room or the private contact is not found by its id, so the send queue retries and then drops it.
 */
export async function sendOnWechaty(bot: Wechaty, reply: ChatReply): Promise<void> {
  const { to, content } = reply;
  const contact = await bot.Contact.find({ id: to.userId });
  const sayable =
    content.kind === 'text' ? content.text : FileBox.fromBuffer(content.file.bytes, content.file.name);
  if (to.roomId) {
    const room = await bot.Room.find({ id: to.roomId });
    if (!room) throw notFound('room');
    if (!contact)
      log.warn({ kind: content.kind }, 'no contact with this id in the room: reply sent without @');
    if (typeof sayable === 'string' && contact) await room.say(sayable, contact);
    else await room.say(sayable);
    return;
  }
  if (!contact) throw notFound('contact');
  await contact.say(sayable);
}

/** The error of a send whose addressee is not found by id; it names neither the id nor any name. */
function notFound(what: 'room' | 'contact'): Error {
  log.warn({ what }, 'reply not sent: addressee not found by id');
  return new Error(`no ${what} with this id`);
}

/** What the Wechaty door needs besides its bot. */
export interface WechatyTransportOptions {
  /** Access rules (groupsNeedMention) and send-queue settings. */
  chat: ChatConfig;
  /** A message older than the door's start by more than this is stale (history replayed at login). */
  staleToleranceMs: number;
  /** Whether the door starts and stops the bot itself (the `bot` command), or the bot is the caller's (plugin). */
  ownsBot?: boolean;
}

/**
 * The Wechaty door: drops own, stale and un-mentioned group messages, hands the rest to the host, sends replies
 * by id. Every listener catches its own errors.
 */
export class WechatyTransport implements ChatTransport {
  readonly door = 'wechaty' as const;
  readonly sendLimits: SendLimits;
  private readonly startedAt = Date.now();
  private detach: (() => void) | undefined;

  constructor(
    private readonly bot: Wechaty,
    private readonly options: WechatyTransportOptions,
  ) {
    this.sendLimits = {
      intervalMs: options.chat.sendIntervalMs,
      maxChars: options.chat.maxMessageChars,
      retries: options.chat.sendRetries,
    };
  }

  async start(host: TransportHost): Promise<void> {
    const { bot, options } = this;
    const onMessage = async (message: Message) => {
      try {
        if (
          isOwnMessage(message.talker().id, bot.isLoggedIn ? bot.currentUser.id : undefined) ||
          message.self()
        )
          return;
        if (isStale(message.date().getTime(), this.startedAt, options.staleToleranceMs)) return;
        if (
          message.room() &&
          !shouldAnswerInRoom(await message.mentionSelf(), options.chat.groupsNeedMention)
        )
          return;
        const input = await toChatInput(message);
        if (input) await host.receive(input);
      } catch (error) {
        log.error({ messageId: message.id, error: String(error) }, 'message listener failed');
      }
    };
    // Answers queued while logged out wait on disk; at login they are asked again.
    const onLogin = () => host.ready?.();
    bot.on('message', onMessage);
    bot.on('login', onLogin);
    this.detach = () => {
      bot.off('message', onMessage);
      bot.off('login', onLogin);
    };
    if (options.ownsBot) await bot.start();
    if (bot.isLoggedIn) onLogin();
  }

  canSend(): boolean {
    return this.bot.isLoggedIn;
  }

  deliver(reply: ChatReply): Promise<void> {
    return sendOnWechaty(this.bot, reply);
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.detach = undefined;
    if (this.options.ownsBot) await this.bot.stop();
  }
}

/** The plugin: `bot.use(CertVerifyBot({ handler, chat }))`, the Wechaty door on its own chat host; returns the uninstaller. */
export function CertVerifyBot(
  partial: Partial<PluginConfig> & Pick<PluginConfig, 'handler' | 'chat'>,
): WechatyPlugin {
  return (bot) => {
    const config = completeConfig(partial);
    const host = new ChatHost({
      handler: config.handler,
      transports: [new WechatyTransport(bot, config)],
      retryEveryMs: config.retryEveryMs,
    });
    const started = host
      .start()
      .catch((error) => log.error({ error: String(error) }, 'the chat host could not start'));
    return () => {
      void started
        .then(() => host.stop())
        .catch((error) => log.error({ error: String(error) }, 'stopping the chat host failed'));
    };
  };
}
