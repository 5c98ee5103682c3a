/**
 * The WeChat service account (服务号) door: WeChat's callback in, passive replies and customer-service messages
 * out. WeChat waits 5 s for an answer and then sends the same message again (three times): each message is
 * handed to the host once (deduplicated by MsgId, events by sender and CreateTime); its first reply goes into the
 * passive reply when it is ready within the budget, otherwise WeChat gets `success` and the replies follow through
 * the customer-service API. A service account carries no files: a file reply becomes a text saying so.
 */
import { randomInt } from 'node:crypto';
import { logger } from '../../../util/logger.js';
import {
  MP_IMAGE_FAILED_TEXT,
  MP_UNSUPPORTED_TEXT,
  MP_WELCOME_TEXT,
  mpNoFilesText,
} from '../../core/replies.js';
import { splitText } from '../../split-text.js';
import { type ChatContent, type ChatInput, type ChatReply, textReply } from '../../types.js';
import type { ChatTransport, SendLimits, TransportHost } from '../transport.js';
import { MP_TEXT_MAX_CHARS, MpApi, MpApiError } from './api.js';
import {
  aesKey,
  decryptMessage,
  encryptMessage,
  MpCryptoError,
  signaturesEqual,
  sortedSha1,
} from './crypto.js';
import { type MpRequest, type MpResponse, type MpServer, startMpServer } from './server.js';
import { encryptedReplyXml, MpXmlError, parseMpXml, textReplyXml } from './xml.js';

const log = logger('mp');

/** The `mp.*` settings. */
export interface MpConfig {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string;
  host: string;
  port: number;
  path: string;
  apiBaseUrl: string;
}

export interface MpDeps {
  fetch?: typeof fetch;
  /** Epoch milliseconds. */
  now?: () => number;
  /** How long a message may take to get its passive reply (WeChat gives up after 5 s). */
  replyBudgetMs?: number;
  /** Requests whose `timestamp` is further than this from now are refused (replays). */
  maxClockSkewMs?: number;
}

/** Errcodes after which a customer-service message is dropped (logged): 45015 outside the 48-hour window, 45047 too many sends without a user message. */
const UNDELIVERABLE = new Set([45015, 45047]);
/** How many message ids are remembered against WeChat's retries and replays. */
const SEEN_LIMIT = 2048;
/** How long past the budget the host may take before WeChat gets `success` regardless. */
const HOST_GRACE_MS = 300;
const SUCCESS: MpResponse = { status: 200, body: 'success' };
const UNAUTHORIZED: MpResponse = { status: 401, body: 'unauthorized' };
const BAD_REQUEST: MpResponse = { status: 400, body: 'bad request' };

/** A message seen: its answer while it is being handled; undefined once answered. */
type Seen = { answer: Promise<string | undefined> | undefined };

export class MpTransport implements ChatTransport {
  readonly door = 'mp' as const;
  /** Customer-service texts: one at a time, under the text limit. */
  readonly sendLimits: SendLimits = { intervalMs: 200, maxChars: MP_TEXT_MAX_CHARS, retries: 2 };
  private readonly api: MpApi;
  private readonly now: () => number;
  private readonly budgetMs: number;
  private readonly skewMs: number;
  private readonly key: Buffer | undefined;
  private readonly seen = new Map<string, Seen>();
  private server: MpServer | undefined;
  private host: TransportHost | undefined;

  constructor(
    private readonly config: MpConfig,
    deps: MpDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.budgetMs = deps.replyBudgetMs ?? 4000;
    this.skewMs = deps.maxClockSkewMs ?? 5 * 60_000;
    this.key = config.encodingAesKey ? aesKey(config.encodingAesKey) : undefined;
    this.api = new MpApi({
      appId: config.appId,
      appSecret: config.appSecret,
      baseUrl: config.apiBaseUrl,
      fetch: deps.fetch,
      now: this.now,
    });
  }

  /** The port the endpoint listens on (after `start`). */
  get port(): number | undefined {
    return this.server?.port;
  }

  async start(host: TransportHost): Promise<void> {
    this.host = host;
    const { host: address, port, path } = this.config;
    this.server = await startMpServer(
      { host: address, port, path },
      (request) => this.handle(request),
      (error) => log.error({ err: error }, 'service account callback failed'),
    );
    log.info({ port: this.server.port, path }, 'service account callback listening');
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  async deliver(reply: ChatReply): Promise<void> {
    const text = contentText(reply.content);
    try {
      await this.api.sendText(reply.to.userId, text);
    } catch (error) {
      if (error instanceof MpApiError && UNDELIVERABLE.has(error.errcode)) {
        log.warn({ errcode: error.errcode }, 'customer-service message not deliverable, dropped');
        return;
      }
      throw error;
    }
  }

  /** One callback request. */
  private async handle(request: MpRequest): Promise<MpResponse> {
    const q = request.query;
    const timestamp = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    const signature = q.get('signature') ?? '';
    if (request.method === 'GET') {
      if (!signaturesEqual(sortedSha1([this.config.token, timestamp, nonce]), signature)) return UNAUTHORIZED;
      return { status: 200, body: q.get('echostr') ?? '' };
    }
    const safe = q.get('encrypt_type') === 'aes';
    if (!safe && !signaturesEqual(sortedSha1([this.config.token, timestamp, nonce]), signature))
      return UNAUTHORIZED;
    if (!this.fresh(timestamp)) return UNAUTHORIZED;
    let fields: Record<string, string>;
    try {
      fields = parseMpXml(request.body);
      if (safe) {
        const encrypt = fields.Encrypt ?? '';
        const given = q.get('msg_signature') ?? '';
        if (
          !this.key ||
          !signaturesEqual(sortedSha1([this.config.token, timestamp, nonce, encrypt]), given)
        ) {
          return UNAUTHORIZED;
        }
        fields = parseMpXml(decryptMessage(this.key, encrypt, this.config.appId));
      }
    } catch (error) {
      if (error instanceof MpXmlError || error instanceof MpCryptoError) {
        log.warn({ reason: error.message }, 'service account callback refused');
        return BAD_REQUEST;
      }
      throw error;
    }
    const text = await this.answerOnce(fields);
    if (text === undefined) return SUCCESS;
    const xml = textReplyXml(
      fields.FromUserName ?? '',
      fields.ToUserName ?? '',
      Math.floor(this.now() / 1000),
      text,
    );
    return { status: 200, body: safe ? this.seal(xml) : xml, contentType: 'application/xml; charset=utf-8' };
  }

  /** Whether a request's timestamp (seconds) is close enough to now. */
  private fresh(timestamp: string): boolean {
    const seconds = Number(timestamp);
    return /^\d+$/.test(timestamp) && Math.abs(this.now() - seconds * 1000) <= this.skewMs;
  }

  /** The safe-mode envelope of a passive reply. */
  private seal(xml: string): string {
    const key = this.key as Buffer;
    const encrypt = encryptMessage(key, xml, this.config.appId);
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = String(randomInt(1, 2 ** 31));
    return encryptedReplyXml(
      encrypt,
      sortedSha1([this.config.token, timestamp, nonce, encrypt]),
      timestamp,
      nonce,
    );
  }

  /** The passive reply text for a message, computed once per message; a retry while it runs waits for it. */
  private async answerOnce(fields: Record<string, string>): Promise<string | undefined> {
    const key = fields.MsgId ?? `${fields.FromUserName}|${fields.CreateTime}|${fields.Event ?? ''}`;
    const known = this.seen.get(key);
    if (known) return known.answer;
    const seen: Seen = { answer: undefined };
    seen.answer = this.answer(fields).finally(() => {
      seen.answer = undefined;
    });
    this.seen.set(key, seen);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.keys().next().value as string);
    return seen.answer;
  }

  private async answer(fields: Record<string, string>): Promise<string | undefined> {
    const started = this.now();
    switch (fields.MsgType) {
      case 'text':
        return this.ask(fields, { kind: 'text', text: fields.Content ?? '' }, started);
      case 'image': {
        const msgId = fields.MsgId ?? String(started);
        let bytes: Buffer;
        try {
          bytes = await this.api.getMedia(fields.MediaId ?? '');
        } catch (error) {
          log.warn({ err: error instanceof Error ? error.message : String(error) }, 'image download failed');
          return MP_IMAGE_FAILED_TEXT;
        }
        return this.ask(fields, { kind: 'file', file: { name: `照片-${msgId}.jpg`, bytes } }, started);
      }
      case 'voice':
      case 'video':
      case 'shortvideo':
      case 'location':
      case 'link':
        return MP_UNSUPPORTED_TEXT;
      case 'event':
        return fields.Event === 'subscribe' ? MP_WELCOME_TEXT : undefined;
      default:
        return undefined;
    }
  }

  /** Hand the message to the host; the first reply within the budget is the passive reply. */
  private async ask(
    fields: Record<string, string>,
    content: ChatContent,
    started: number,
  ): Promise<string | undefined> {
    const host = this.host;
    if (!host) return undefined;
    const openId = fields.FromUserName ?? '';
    const input: ChatInput = {
      messageId: fields.MsgId ?? `${openId}-${fields.CreateTime}`,
      door: 'mp',
      content,
      sender: { id: openId, name: openId },
      mentioned: false,
      timestamp: Number(fields.CreateTime ?? 0) * 1000 || started,
    };
    const firstReplyWithinMs = Math.max(0, this.budgetMs - (this.now() - started));
    const pending = host.receive(input, { firstReplyWithinMs });
    // Should the host hold on past the budget, WeChat still gets its answer in time and the replies follow.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, firstReplyWithinMs + HOST_GRACE_MS, undefined);
    });
    const replies = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (replies === undefined) {
      pending.then((all) => this.deliverAll(all)).catch(logLaterFailure);
      return undefined;
    }
    const [first, ...rest] = replies;
    if (!first) return undefined;
    const [passive, ...more] = splitText(contentText(first.content), MP_TEXT_MAX_CHARS);
    const later = [...more.map((text) => textReply(first.to, text)), ...rest];
    if (later.length > 0) {
      this.deliverAll(later).catch(logLaterFailure);
    }
    return passive;
  }

  private async deliverAll(replies: ChatReply[]): Promise<void> {
    for (const reply of replies) await this.deliver(reply);
  }
}

function logLaterFailure(error: unknown): void {
  log.warn({ err: error instanceof Error ? error.message : String(error) }, 'later reply not sent');
}

/** What a reply says on the service account: its text, or for a file that files cannot be sent here. */
function contentText(content: ChatContent): string {
  return content.kind === 'text' ? content.text : mpNoFilesText(content.file.name);
}
