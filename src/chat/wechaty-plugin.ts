/**
 * The bot as a Wechaty plugin (in the manner of plugin-contrib's ding-dong): `bot.use(CertVerifyBot())`.
 * It only translates: drops own, stale and un-mentioned group messages, turns the rest into ChatInput for the
 * handler, and sends replies through the send queue. Every listener catches its own errors.
 */
import { FileBox } from 'file-box';
import type { Message, Wechaty, WechatyPlugin } from 'wechaty';
import { types } from 'wechaty';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { todayInChina } from '../domain/dates.js';
import { logger } from '../util/logger.js';
import type { ChatConfig } from './access.js';
import type { HandlerFactory } from './compose.js';
import { SendQueue } from './send-queue.js';
import type { ChatInput, ChatReply } from './types.js';

const log = logger('wechaty-plugin');

export interface PluginConfig {
  /** Builds the handler (default: the application's services from the default configuration). */
  handler: HandlerFactory;
  /** Access rules and send-queue settings (default: config.chat). */
  chat: ChatConfig;
  /** How often unverifiable queries are asked again (also once at login). */
  retryEveryMs: number;
  /** A message older than the plugin's start by more than this is stale (history replayed at login). */
  staleToleranceMs: number;
}

/** Defaults for whatever the caller leaves out; the configuration files are read only when needed. */
export function completeConfig(partial: Partial<PluginConfig>): PluginConfig {
  let loaded: Config | undefined;
  const config = () => (loaded ??= loadConfig());
  return {
    handler:
      partial.handler ??
      (async (send) => {
        // Loaded only when needed: the whole application stands behind it.
        const { servicesHandlerFactory } = await import('./compose.js');
        return servicesHandlerFactory({
          config: config(),
          today: config().today || todayInChina(),
          json: false,
        })(send);
      }),
    chat: partial.chat ?? config().chat,
    retryEveryMs: partial.retryEveryMs ?? 5 * 60_000,
    staleToleranceMs: partial.staleToleranceMs ?? 3_000,
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

/** The plugin: `bot.use(CertVerifyBot({ ... }))`; returns the uninstaller. */
export function CertVerifyBot(partial: Partial<PluginConfig> = {}): WechatyPlugin {
  return (bot) => {
    const config = completeConfig(partial);
    const startedAt = Date.now();
    const queue = new SendQueue((reply) => sendOnWechaty(bot, reply), {
      intervalMs: config.chat.sendIntervalMs,
      maxChars: config.chat.maxMessageChars,
      retries: config.chat.sendRetries,
    });
    const composed = config.handler((reply) => queue.push(reply));
    composed.catch((error) => log.error({ error: String(error) }, 'the chat handler could not be built'));
    let timer: NodeJS.Timeout | undefined;

    const retry = async () => {
      try {
        const { handler } = await composed;
        await handler.retryPending();
      } catch (error) {
        log.error({ error: String(error) }, 'retrying pending queries failed');
      }
    };

    const onLogin = async () => {
      timer ??= setInterval(retry, config.retryEveryMs);
      await retry();
    };

    const onLogout = () => {
      clearInterval(timer);
      timer = undefined;
    };

    const onMessage = async (message: Message) => {
      try {
        if (
          isOwnMessage(message.talker().id, bot.isLoggedIn ? bot.currentUser.id : undefined) ||
          message.self()
        )
          return;
        if (isStale(message.date().getTime(), startedAt, config.staleToleranceMs)) return;
        if (message.room() && !shouldAnswerInRoom(await message.mentionSelf(), config.chat.groupsNeedMention))
          return;
        const input = await toChatInput(message);
        if (!input) return;
        const { handler } = await composed;
        await handler.handle(input);
      } catch (error) {
        log.error({ messageId: message.id, error: String(error) }, 'message listener failed');
      }
    };

    bot.on('message', onMessage);
    bot.on('login', onLogin);
    bot.on('logout', onLogout);
    bot.on('stop', onLogout);
    return () => {
      bot.off('message', onMessage);
      bot.off('login', onLogin);
      bot.off('logout', onLogout);
      bot.off('stop', onLogout);
      onLogout();
      composed
        .then((c) => c.close())
        .catch((error) => log.error({ error: String(error) }, 'closing the chat handler failed'));
    };
  };
}
