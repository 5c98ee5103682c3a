/**
 * The WeChat service account (服务号) door: WeChat's callback in, passive replies and customer-service messages
 * out. WeChat waits 5 s for an answer and then sends the same message again (three times): each message is
 * handed to the host once (deduplicated by MsgId, events by sender and CreateTime, also across restarts for as
 * long as a replay could be accepted); its first reply goes into the passive reply when it is ready within the
 * budget, otherwise WeChat gets `success` and the replies follow through the customer-service API. A service
 * account carries no files: a file reply becomes a text saying so.
 *
 * `mp.mode` says which messages are taken (微信公众平台「消息加解密说明」): `plain` (明文模式) takes plaintext
 * messages under `signature`, which covers token, timestamp and nonce but not the body; `compat` (兼容模式) and
 * `safe` (安全模式) take only encrypted messages (`encrypt_type=aes`) whose `msg_signature` covers the
 * ciphertext, and read only what decrypts — in 兼容模式 the plaintext copy WeChat sends beside it is never read.
 */
import { randomInt } from 'node:crypto';
import { assertNever } from '../../../domain/status.js';
import { SqlSeenMessages } from '../../../store/sql/mp-seen.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../../util/http-server.js';
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
import {
  type MpRequest,
  type MpRequestHead,
  type MpResponse,
  type MpServer,
  startMpServer,
} from './server.js';
import { encryptedReplyXml, envelopeEncrypt, MpXmlError, parseMpXml, textReplyXml } from './xml.js';

const log = logger('mp');

/** Which messages the door takes: 明文模式, 兼容模式 or 安全模式 (as chosen in the account's 服务器配置). */
export type MpMode = 'plain' | 'compat' | 'safe';

/** The `mp.*` settings. */
export interface MpConfig {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string;
  /** Empty: `safe` when `encodingAesKey` is set, else `plain`. */
  mode: MpMode | '';
  host: string;
  port: number;
  path: string;
  apiBaseUrl: string;
}

/**
 * The messages already taken are kept in the host's database (`mp_seen`, see store/sql/mp-seen.ts), shared by
 * the instances and across restarts: the door needs a host with one.
 */
export interface MpDeps {
  /** The endpoint's timeouts and connection cap (the `http.*` settings; default DEFAULT_SERVER_LIMITS). */
  limits?: ServerLimits;
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
/** A signature's form: 40 hex digits (sha1). */
const SHA1_HEX = /^[0-9a-f]{40}$/i;
/** How long past the budget the host may take before WeChat gets `success` regardless. */
const HOST_GRACE_MS = 300;
const SUCCESS: MpResponse = { status: 200, body: 'success' };
const UNAUTHORIZED: MpResponse = { status: 401, body: 'unauthorized' };
const BAD_REQUEST: MpResponse = { status: 400, body: 'bad request' };

export class MpTransport implements ChatTransport {
  readonly door = 'mp' as const;
  /** Customer-service texts: one at a time, under the text limit. */
  readonly sendLimits: SendLimits = { intervalMs: 200, maxChars: MP_TEXT_MAX_CHARS, retries: 2 };
  private readonly api: MpApi;
  private readonly now: () => number;
  private readonly budgetMs: number;
  private readonly skewMs: number;
  private readonly key: Buffer | undefined;
  private readonly mode: MpMode;
  /** Answers of the messages being handled, by key: a retry meanwhile waits for the same answer. */
  private readonly running = new Map<string, Promise<string | undefined>>();
  private seen: SqlSeenMessages | undefined;
  private server: MpServer | undefined;
  private host: TransportHost | undefined;

  constructor(
    private readonly config: MpConfig,
    private readonly deps: MpDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.budgetMs = deps.replyBudgetMs ?? 4000;
    this.skewMs = deps.maxClockSkewMs ?? 5 * 60_000;
    this.key = config.encodingAesKey ? aesKey(config.encodingAesKey) : undefined;
    this.mode = config.mode || (this.key ? 'safe' : 'plain');
    if (this.mode !== 'plain' && !this.key)
      throw new MpCryptoError(`mp.mode 为 ${this.mode} 时需要填写 mp.encodingAesKey`);
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
    const db = await host.database?.();
    if (!db) throw new Error('服务号入口需要数据库：请通过机器人主程序启动（cert-verify bot）');
    this.seen = new SqlSeenMessages(db, this.now);
    const { host: address, port, path } = this.config;
    this.server = await startMpServer(
      { host: address, port, path, limits: this.deps.limits ?? DEFAULT_SERVER_LIMITS },
      { admit: (head) => this.admit(head), handle: (request) => this.handle(request) },
      (error) => log.error({ err: error }, 'service account callback failed'),
    );
    log.info({ port: this.server.port, path, mode: this.mode }, 'service account callback listening');
    if (this.mode === 'compat')
      log.warn(
        'mp.mode compat: WeChat also sends every message in plaintext; only the encrypted copy is read',
      );
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

  /**
   * What the request line decides before the body is read: a fresh timestamp and a right `signature` (WeChat
   * sends it in every mode), and a POST in the form `mp.mode` takes (with a well-formed `msg_signature` when
   * encrypted). Refused: 401 (not from WeChat), 400 (encrypted, but `mp.mode` is plain).
   */
  private admit({ method, query: q }: MpRequestHead): MpResponse | undefined {
    const timestamp = q.get('timestamp') ?? '';
    const signature = q.get('signature') ?? '';
    if (!this.fresh(timestamp)) return UNAUTHORIZED;
    if (!signaturesEqual(sortedSha1([this.config.token, timestamp, q.get('nonce') ?? '']), signature))
      return UNAUTHORIZED;
    if (method === 'GET') return undefined;
    const encrypted = q.get('encrypt_type') === 'aes';
    switch (this.mode) {
      case 'plain':
        if (!encrypted) return undefined;
        log.warn(
          'an encrypted message, but mp.mode is plain: set mp.mode (and mp.encodingAesKey) to match the account',
        );
        return BAD_REQUEST;
      case 'compat':
      case 'safe':
        if (encrypted && SHA1_HEX.test(q.get('msg_signature') ?? '')) return undefined;
        log.warn({ mode: this.mode }, 'a plaintext message refused: this mode takes only encrypted ones');
        return UNAUTHORIZED;
      default:
        return assertNever(this.mode);
    }
  }

  /** One callback request, admitted by `admit`. */
  private async handle(request: MpRequest): Promise<MpResponse> {
    const q = request.query;
    if (request.method === 'GET') return { status: 200, body: q.get('echostr') ?? '' };
    const timestamp = q.get('timestamp') ?? '';
    let fields: Record<string, string> | undefined;
    try {
      fields = this.mode === 'plain' ? parseMpXml(request.body) : this.open(q, request.body);
    } catch (error) {
      if (error instanceof MpXmlError || error instanceof MpCryptoError) {
        log.warn({ reason: error.message }, 'service account callback refused');
        return BAD_REQUEST;
      }
      throw error;
    }
    if (!fields) return UNAUTHORIZED;
    const text = await this.answerOnce(fields, Number(timestamp) * 1000 + this.skewMs);
    if (text === undefined) return SUCCESS;
    const xml = textReplyXml(
      fields.FromUserName ?? '',
      fields.ToUserName ?? '',
      Math.floor(this.now() / 1000),
      text,
    );
    const sealed = this.mode === 'plain' ? xml : this.seal(xml);
    return { status: 200, body: sealed, contentType: 'application/xml; charset=utf-8' };
  }

  /**
   * The fields of an encrypted message: `msg_signature` checked over the `Encrypt` field before anything else of
   * the body is read, then decrypted; undefined when the signature is wrong.
   */
  private open(q: URLSearchParams, body: string): Record<string, string> | undefined {
    const encrypt = envelopeEncrypt(body);
    const parts = [this.config.token, q.get('timestamp') ?? '', q.get('nonce') ?? '', encrypt];
    if (!signaturesEqual(sortedSha1(parts), q.get('msg_signature') ?? '')) return undefined;
    return parseMpXml(decryptMessage(this.key as Buffer, encrypt, this.config.appId));
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

  /**
   * The passive reply text for a message, computed once per message: a retry while it runs waits for it; once
   * noted as taken (in the database, by whichever instance came first, until `until`, the moment the request could no longer be accepted), it gets nothing.
   */
  private answerOnce(fields: Record<string, string>, until: number): Promise<string | undefined> {
    const key = fields.MsgId ?? `${fields.FromUserName}|${fields.CreateTime}|${fields.Event ?? ''}`;
    const running = this.running.get(key);
    if (running) return running;
    const answer = this.takeOnce(key, until)
      .then((isNew) => (isNew ? this.answer(fields) : undefined))
      .finally(() => this.running.delete(key));
    this.running.set(key, answer);
    return answer;
  }

  /** Whether the message `key` is new; a database that fails is logged and the message taken (answers come first). */
  private async takeOnce(key: string, until: number): Promise<boolean> {
    const seen = this.seen as SqlSeenMessages;
    try {
      return await seen.take(key, until);
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'seen message not saved');
      return true;
    }
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
