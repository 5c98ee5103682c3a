/**
 * The WeCom intelligent robot (企业微信智能机器人) over its long connection, through Tencent's SDK
 * `@wecom/aibot-node-sdk`: the SDK connects (`wss://openws.work.weixin.qq.com`, or `wecom.bot.wsUrl`), sends
 * `aibot_subscribe` with botId and secret, keeps the `ping` heartbeat and reconnects with back-off. Callbacks
 * (`aibot_msg_callback`) become `ChatInput`; pictures and files are downloaded and decrypted with their own
 * aeskey. A reply goes back on its message's frame (`aibot_respond_msg`: a finished stream, or a file after the
 * chunked upload) while that frame can still be answered, else as a proactive message (`aibot_send_msg`).
 */
import {
  type BaseMessage,
  generateReqId,
  WSAuthFailureError,
  WSClient,
  type WsFrame,
} from '@wecom/aibot-node-sdk';
import { LeaseKeeper, type LeaseTimings } from '../../../store/lease-keeper.js';
import { instanceId } from '../../../store/sql/claims.js';
import { SqlLeases } from '../../../store/sql/leases.js';
import { logger } from '../../../util/logger.js';
import { fileNotReceivedText, rosterInGroupText } from '../../core/replies.js';
import {
  type ChatAddress,
  type ChatContent,
  type ChatInput,
  type ChatReply,
  textReply,
} from '../../types.js';
import type { ChatTransport, SendLimits, TransportHost } from '../transport.js';
import { readWecomMessage, type WecomMessage, withoutMentions } from './inbound.js';
import { LiveFrames } from './live-frames.js';
import { plainMarkdown } from './markdown.js';
import { RecentIds } from './recent-ids.js';
import { WecomRelay } from './relay.js';

const log = logger('wecom');

/** The `wecom.bot` settings. */
export interface WecomBotSettings {
  botId: string;
  secret: string;
  wsUrl: string;
}

/** What the transport takes besides its settings; every field has a sensible default. */
export interface WecomTransportDeps {
  now?: () => number;
  /**
   * How long a message's frame takes its reply. WeCom ends a stream 6 minutes after the callback (errcode
   * 846608 "stream message update expired" afterwards, per Tencent's own OpenClaw plugin, which gives a message
   * 6 minutes); 5 minutes leaves a margin.
   */
  replyWindowMs?: number;
  /** The SDK's reconnect base delay (doubling up to 30 s). */
  reconnectIntervalMs?: number;
  /** The SDK's heartbeat (`ping`) interval; two missed acks and it reconnects. */
  heartbeatIntervalMs?: number;
  /** Failed authentications (wrong botId/secret) the SDK tries again before giving up. */
  maxAuthFailureAttempts?: number;
  /** How the spacing of proactive messages waits (tests record it). */
  sleep?: (ms: number) => Promise<void>;
  /** The lease on the robot's connection when the host has a database (default `ROBOT_LEASE`). */
  lease?: LeaseTimings;
}

/**
 * WeCom keeps one long connection per robot and drops the older one: of the instances on one database, the one
 * holding the lease `wecom-robot:<botId>` connects. It renews every 5 s; another takes over within 15 s of its
 * death (at once after a clean stop). The others hand their replies to it through the database (relay.ts), which
 * it looks at as often as it renews.
 */
export const ROBOT_LEASE: LeaseTimings = { ttlMs: 15_000, renewMs: 5000 };

/**
 * The host's queue for this door. A stream reply holds at most 20480 bytes (SDK); 4000 characters stay under it
 * even at 4 bytes a character, and Tencent's OpenClaw plugin splits texts at 4000 too. No pause in the queue: a
 * reply on its message's frame answers that message and goes at once (a door-wide pause held every user's answer
 * behind everyone else's, and past the frame's window); only proactive messages are spaced
 * (`PROACTIVE_INTERVAL_MS`).
 */
export const WECOM_SEND_LIMITS: SendLimits = { intervalMs: 0, maxChars: 4000, retries: 3 };

/**
 * No rate limit for proactive messages is documented where we looked: one every 3 s (20 a minute, the limit
 * WeCom puts on group robots) keeps a long batch's messages from flooding.
 */
export const PROACTIVE_INTERVAL_MS = 3000;

/** Ack error codes meaning the frame can no longer be answered: 846605 invalid req_id, 846608 stream expired. */
const FRAME_GONE = new Set([846605, 846608]);

/** Message ids remembered for duplicates; live frames kept at most. */
const RECENT_IDS = 2000;
const MAX_LIVE_FRAMES = 1000;

export class WecomTransport implements ChatTransport {
  readonly door = 'wecom' as const;
  readonly sendLimits = WECOM_SEND_LIMITS;
  private client: WSClient | undefined;
  private host: TransportHost | undefined;
  private readonly seen = new RecentIds(RECENT_IDS);
  private readonly frames: LiveFrames;
  private readonly now: () => number;
  /** Authenticated on the current connection: only then does WeCom take a message. */
  private authenticated = false;
  private lastProactiveAt = Number.NEGATIVE_INFINITY;
  /** The robot's lease, when the host has a database shared by several instances. */
  private lease: LeaseKeeper | undefined;
  /** Replies of the instances that do not hold the robot, for the one that does. */
  private relay: WecomRelay | undefined;
  private relayTimer: NodeJS.Timeout | undefined;
  /** The round of relayed replies under way, if any. */
  private relaying: Promise<void> | undefined;

  constructor(
    private readonly settings: WecomBotSettings,
    private readonly deps: WecomTransportDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.frames = new LiveFrames(deps.replyWindowMs ?? 5 * 60_000, MAX_LIVE_FRAMES, this.now);
  }

  /**
   * Connect and authenticate; with the host's database, only while this instance holds the robot's lease (the
   * others wait and take over when it goes). Resolves once authenticated, once the first attempt failed to
   * connect (the SDK goes on reconnecting) or once the lease is found another's; rejects when WeCom refuses the
   * botId/secret, and then stops trying.
   */
  async start(host: TransportHost): Promise<void> {
    this.host = host;
    const db = await host.database?.();
    if (!db) return this.connect(host);
    const holder = instanceId();
    const timings = this.deps.lease ?? ROBOT_LEASE;
    this.relay = new WecomRelay(db, holder);
    this.lease = new LeaseKeeper(new SqlLeases(db), `wecom-robot:${this.settings.botId}`, holder, timings, {
      gained: () => this.connect(host),
      lost: async () => this.disconnect(),
    });
    await this.lease.start();
    this.relayTimer = setInterval(() => this.sendRelayed(), timings.renewMs);
    this.relayTimer.unref();
    if (!this.lease.holding)
      log.info({ botId: this.settings.botId }, 'wecom: another instance holds the robot');
  }

  /** Open the robot's long connection. */
  private connect(host: TransportHost): Promise<void> {
    const client = new WSClient({
      botId: this.settings.botId,
      secret: this.settings.secret,
      wsUrl: this.settings.wsUrl,
      reconnectInterval: this.deps.reconnectIntervalMs ?? 1000,
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: this.deps.maxAuthFailureAttempts ?? 5,
      heartbeatInterval: this.deps.heartbeatIntervalMs ?? 30_000,
      logger: sdkLogger,
    });
    this.client = client;
    client.on('message', (frame: WsFrame<BaseMessage>) => {
      this.onMessage(frame).catch((error) => log.error({ error: describe(error) }, 'wecom message failed'));
    });
    client.on('connected', () => log.info({ url: this.settings.wsUrl }, 'wecom connected, authenticating'));
    client.on('disconnected', (reason: string) => {
      this.authenticated = false;
      log.warn({ reason }, 'wecom disconnected');
    });
    client.on('event.disconnected_event', () =>
      log.error(
        'wecom: another connection of this robot took over; this one stops (one connection per robot)',
      ),
    );
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (): boolean => {
        const first = !settled;
        settled = true;
        return first;
      };
      client.on('authenticated', () => {
        this.authenticated = true;
        log.info({ botId: this.settings.botId }, 'wecom authenticated');
        // Connected only after start (WeCom was down), or again after a drop: the answers that waited can go.
        if (settle()) resolve();
        else host.ready?.();
      });
      client.on('reconnecting', (attempt: number) => {
        log.info({ attempt }, 'wecom reconnecting');
        // Not reachable yet: the SDK keeps trying in the background, the other doors need not wait.
        if (settle()) resolve();
      });
      client.on('error', (error: Error) => {
        const authFailed =
          error instanceof WSAuthFailureError || error.message.startsWith('Authentication failed');
        log.error(
          { error: error.message },
          authFailed ? 'wecom authentication failed' : 'wecom connection error',
        );
        if (!authFailed || !settle()) return;
        client.disconnect();
        reject(
          new Error(`企业微信机器人认证失败（${error.message}）：请核对 wecom.bot.botId 和 wecom.bot.secret`),
        );
      });
      client.connect();
    });
  }

  async deliver(reply: ChatReply): Promise<void> {
    if (this.relay && !this.lease?.holding) return this.relay.push(reply);
    const client = this.client;
    if (!client) throw new Error('WeCom transport not started');
    const chatId = reply.to.via?.chatid ?? reply.to.roomId ?? reply.to.userId;
    const frame = this.frames.take(reply.to.via?.frame);
    if (reply.content.kind === 'text') {
      const content = plainMarkdown(reply.content.text);
      const onFrame =
        frame && (await answered(client.replyStream(frame, generateReqId('stream'), content, true)));
      if (!onFrame)
        await this.proactive(() =>
          client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content } }),
        );
      return;
    }
    const { file } = reply.content;
    const { media_id: mediaId } = await client.uploadMedia(file.bytes, { type: 'file', filename: file.name });
    const onFrame = frame && (await answered(client.replyMedia(frame, 'file', mediaId)));
    if (!onFrame) await this.proactive(() => client.sendMediaMessage(chatId, 'file', mediaId));
  }

  /** Send a proactive message at least `PROACTIVE_INTERVAL_MS` after the previous one settled. */
  private async proactive(send: () => Promise<WsFrame>): Promise<void> {
    const wait = this.lastProactiveAt + PROACTIVE_INTERVAL_MS - this.now();
    if (wait > 0) await (this.deps.sleep ?? sleep)(wait);
    try {
      await sent(send());
    } finally {
      this.lastProactiveAt = this.now();
    }
  }

  /**
   * Whether WeCom takes a message now (through the robot's holder, when another instance holds it); answers
   * queued on disk wait while it does not (they would be dropped).
   */
  canSend(): boolean {
    if (this.relay && !this.lease?.holding) return true;
    return this.connected();
  }

  /** Whether this instance is connected and authenticated to WeCom. */
  connected(): boolean {
    return this.authenticated && this.client?.isConnected === true;
  }

  /** Close the connection, then give the lease up (another instance connects at once). */
  async stop(): Promise<void> {
    clearInterval(this.relayTimer);
    // The round under way ends after the reply in hand: the rest stay for the next holder.
    this.relay = undefined;
    await this.relaying;
    const lease = this.lease;
    this.lease = undefined;
    this.disconnect();
    await lease?.stop();
  }

  /** As the robot's holder, send what the other instances left for it (one round at a time). */
  private sendRelayed(): void {
    const relay = this.relay;
    if (!relay || this.relaying || !this.lease?.holding || !this.connected()) return;
    this.relaying = relay
      .drain(
        (reply) => {
          if (this.relay !== relay || !this.lease?.holding) throw new Error("no longer the robot's holder");
          return this.deliver(reply);
        },
        () => this.relay === relay && this.lease?.holding === true && this.connected(),
      )
      .then(
        () => {},
        (error) => log.warn({ error: describe(error) }, 'wecom: relayed replies wait for the next round'),
      )
      .finally(() => {
        this.relaying = undefined;
      });
  }

  private disconnect(): void {
    const client = this.client;
    this.client = undefined;
    this.authenticated = false;
    if (!client) return;
    client.removeAllListeners();
    client.disconnect();
  }

  private async onMessage(frame: WsFrame<BaseMessage>): Promise<void> {
    const body = frame.body;
    const userId = body?.from?.userid;
    if (!body?.msgid || !userId || !this.seen.add(body.msgid)) return;
    const group = body.chattype === 'group';
    const chatId = group ? body.chatid : userId;
    const message = readWecomMessage(body);
    if (!chatId || !message) return;
    const via = { chattype: group ? 'group' : 'single', chatid: chatId, frame: this.frames.open(frame) };
    const address: ChatAddress = { door: this.door, userId, via, ...(group ? { roomId: chatId } : {}) };
    const content = await this.contentOf(message, body.msgid, group, address);
    if (!content || !this.host) return;
    const input: ChatInput = {
      messageId: body.msgid,
      door: this.door,
      content,
      sender: { id: userId, name: userId },
      mentioned: group,
      timestamp: epochMs(body.create_time) ?? this.now(),
      via,
    };
    if (group) input.room = { id: chatId, topic: chatId };
    await this.host.receive(input);
  }

  /** The message as chat content; undefined when the transport has answered it itself. */
  private async contentOf(
    message: WecomMessage,
    msgId: string,
    group: boolean,
    address: ChatAddress,
  ): Promise<ChatContent | undefined> {
    if (message.kind === 'text')
      return { kind: 'text', text: group ? withoutMentions(message.text) : message.text };
    if (message.kind === 'file' && group) return this.answer(address, rosterInGroupText());
    try {
      const { buffer, filename } = await (this.client as WSClient).downloadFile(message.url, message.aeskey);
      const name = message.kind === 'image' ? `照片-${msgId}.jpg` : (filename ?? `文件-${msgId}`);
      return { kind: 'file', file: { name, bytes: buffer } };
    } catch (error) {
      log.warn({ messageId: msgId, error: describe(error) }, 'wecom download failed');
      return this.answer(address, fileNotReceivedText());
    }
  }

  private async answer(address: ChatAddress, text: string): Promise<undefined> {
    await this.deliver(textReply(address, text)).catch((error) =>
      log.warn({ error: describe(error) }, 'wecom notice not sent'),
    );
    return undefined;
  }
}

/** Build the door from its settings (`wecom.bot`). */
export function createWecomTransport(
  settings: WecomBotSettings,
  deps: WecomTransportDeps = {},
): WecomTransport {
  return new WecomTransport(settings, deps);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a reply on a frame went through; false when the frame could no longer be answered. */
async function answered(reply: Promise<WsFrame>): Promise<boolean> {
  try {
    await reply;
    return true;
  } catch (error) {
    if (FRAME_GONE.has(errcodeOf(error) ?? 0)) return false;
    throw asError(error);
  }
}

/** Await a send; the SDK rejects with the ack frame itself when errcode is not 0. */
async function sent(send: Promise<WsFrame>): Promise<void> {
  try {
    await send;
  } catch (error) {
    throw asError(error);
  }
}

function errcodeOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && typeof (error as WsFrame).errcode === 'number'
    ? (error as WsFrame).errcode
    : undefined;
}

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  const code = errcodeOf(error);
  return new Error(
    code === undefined ? String(error) : `WeCom errcode ${code}: ${(error as WsFrame).errmsg ?? ''}`,
  );
}

function describe(error: unknown): string {
  return asError(error).message;
}

/** `create_time` (seconds, or milliseconds) as epoch milliseconds. */
function epochMs(createTime: number | undefined): number | undefined {
  if (typeof createTime !== 'number' || !Number.isFinite(createTime) || createTime <= 0) return undefined;
  return createTime < 1e12 ? createTime * 1000 : createTime;
}

/** The SDK's log lines go to our logger (which masks ID numbers); its info chatter only at debug. */
const sdkLogger = {
  debug: (message: string) => log.debug(message),
  info: (message: string) => log.debug(message),
  warn: (message: string, ...args: unknown[]) => log.warn({ detail: args.map(String) }, message),
  error: (message: string, ...args: unknown[]) => log.error({ detail: args.map(String) }, message),
};
