/**
 * The WeCom group robot's webhook (群机器人): send only. `POST {apiBaseUrl}/cgi-bin/webhook/send?key=KEY` with
 * `{msgtype:'text'|'markdown'|'file', …}`; a file is first uploaded (`/cgi-bin/webhook/upload_media?key=KEY&
 * type=file`, multipart field `media`) for a `media_id`. Limits as documented: text 2048 bytes, markdown 4096
 * bytes (UTF-8), files of 5 B to 20 MB, 20 messages a minute per robot. The key is a secret: it is in the URL,
 * so neither the URL nor the key ever reaches a log line or an error message.
 */

import { CertVerifyError } from '../../../domain/errors.js';
import { logger } from '../../../util/logger.js';
import { splitText, utf8Bytes } from '../../split-text.js';
import { webhookWords } from './words.js';

const log = logger('webhook');

/** The documented limits of one group robot. */
export const WEBHOOK_LIMITS = {
  textBytes: 2048,
  markdownBytes: 4096,
  messagesPerWindow: 20,
  windowMs: 60_000,
  fileMinBytes: 5,
  fileMaxBytes: 20 * 1024 * 1024,
} as const;

/** `errcode`s that mean "not now": 45009 (接口调用超过限制, api freq out of limit), 130101, -1 (系统繁忙). */
const TRY_LATER = new Set([45009, 130101, -1]);
/** `errcode` of a key that is wrong or a robot removed from its group (invalid webhook url). */
export const INVALID_KEY = 93000;

/** A send the group robot refused or that could not be made; `errcode` is WeCom's when it answered. */
export class WebhookError extends CertVerifyError {
  readonly errcode?: number;
  /** Whether trying again later may help (too frequent, network); a wrong key or bad message never does. */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, errcode?: number) {
    super('webhook_refused', message);
    this.retryable = retryable;
    this.errcode = errcode;
  }
}

export interface WebhookClientOptions {
  /** `wecom.apiBaseUrl`, e.g. `https://qyapi.weixin.qq.com`. */
  baseUrl: string;
  /** The robot's key (the part after `key=` in its webhook address). */
  key: string;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of the back-off. */
  random?: () => number;
  /** Attempts of one message while WeCom answers "too frequent". */
  maxTries?: number;
  /** First back-off; it doubles per try, never beyond the 60-s window. */
  backoffMs?: number;
  timeoutMs?: number;
}

/** Who to @-mention with a text: userids and mobile numbers, `@all` for everyone. */
export interface Mentions {
  mentionedList?: string[];
  mentionedMobileList?: string[];
}

interface WebhookAnswer {
  errcode: number;
  errmsg: string;
  media_id?: string;
}

/**
 * One group robot. Notices go out one at a time, their messages at most 20 in any 60 s (waiting, never failing,
 * for room in the window).
 */
export class WebhookClient {
  private readonly base: string;
  private readonly key: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxTries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  /** When each of the messages of the last window went out. */
  private readonly sent: number[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: WebhookClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.key = options.key;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.maxTries = options.maxTries ?? 5;
    this.backoffMs = options.backoffMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** A text, split at line boundaries under 2048 bytes; the mentions go with the first part. */
  sendText(content: string, mentions: Mentions = {}): Promise<void> {
    return this.serially(async () => {
      const parts = splitText(content, WEBHOOK_LIMITS.textBytes, utf8Bytes);
      for (const [i, part] of parts.entries()) {
        const text: Record<string, unknown> = { content: part };
        if (i === 0 && mentions.mentionedList?.length) text.mentioned_list = mentions.mentionedList;
        if (i === 0 && mentions.mentionedMobileList?.length)
          text.mentioned_mobile_list = mentions.mentionedMobileList;
        await this.message({ msgtype: 'text', text });
      }
    });
  }

  /** A markdown message, split at line boundaries under 4096 bytes. */
  sendMarkdown(content: string): Promise<void> {
    return this.serially(async () => {
      for (const part of splitText(content, WEBHOOK_LIMITS.markdownBytes, utf8Bytes)) {
        await this.message({ msgtype: 'markdown', markdown: { content: part } });
      }
    });
  }

  /** A file: uploaded for a `media_id` (valid 3 days, for this robot only), then sent. */
  async sendFile(name: string, data: Uint8Array): Promise<void> {
    if (data.byteLength < WEBHOOK_LIMITS.fileMinBytes || data.byteLength > WEBHOOK_LIMITS.fileMaxBytes) {
      throw new WebhookError(webhookWords.fileSize(data.byteLength), false);
    }
    const form = new FormData();
    form.append('media', new Blob([data]), name);
    await this.serially(async () => {
      const answer = await this.call('upload_media', '&type=file', { body: form }, false);
      if (typeof answer.media_id !== 'string' || answer.media_id === '') {
        throw new WebhookError(webhookWords.unreadable(200), false);
      }
      await this.message({ msgtype: 'file', file: { media_id: answer.media_id } });
    });
  }

  private async message(body: Record<string, unknown>): Promise<void> {
    const json = JSON.stringify(body);
    await this.call('send', '', { body: json, headers: { 'content-type': 'application/json' } }, true);
    log.debug({ msgtype: body.msgtype, bytes: utf8Bytes(json) }, 'group notice sent');
  }

  /** One notice at a time (all its parts together), in order, whatever became of the one before. */
  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Call the API, backing off while WeCom answers "too frequent"; `counts`: a message, under the window. */
  private async call(
    path: 'send' | 'upload_media',
    query: string,
    init: { body: string | FormData; headers?: Record<string, string> },
    counts: boolean,
  ): Promise<WebhookAnswer> {
    for (let attempt = 1; ; attempt++) {
      if (counts) await this.roomInWindow();
      const answer = await this.post(path, query, init);
      if (answer.errcode === 0) return answer;
      if (!TRY_LATER.has(answer.errcode)) {
        throw new WebhookError(
          answer.errcode === INVALID_KEY
            ? webhookWords.invalidKey(answer.errcode)
            : webhookWords.refused(answer.errcode, answer.errmsg),
          false,
          answer.errcode,
        );
      }
      if (attempt >= this.maxTries) {
        throw new WebhookError(webhookWords.tooFrequent(attempt), true, answer.errcode);
      }
      const ceiling = Math.min(WEBHOOK_LIMITS.windowMs, this.backoffMs * 2 ** (attempt - 1));
      const delay = Math.round(ceiling * (0.5 + this.random() / 2));
      log.warn(
        { errcode: answer.errcode, attempt, delayMs: delay },
        'group robot says too frequent, backing off',
      );
      await this.sleep(delay);
    }
  }

  /** Wait until fewer than 20 messages went out in the last 60 s, then count this one. */
  private async roomInWindow(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - WEBHOOK_LIMITS.windowMs)
        this.sent.shift();
      if (this.sent.length < WEBHOOK_LIMITS.messagesPerWindow) {
        this.sent.push(now);
        return;
      }
      await this.sleep((this.sent[0] as number) + WEBHOOK_LIMITS.windowMs - now);
    }
  }

  private async post(
    path: 'send' | 'upload_media',
    query: string,
    init: { body: string | FormData; headers?: Record<string, string> },
  ): Promise<WebhookAnswer> {
    const url = `${this.base}/cgi-bin/webhook/${path}?key=${encodeURIComponent(this.key)}${query}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // The error may carry the URL, hence the key: only its code or name goes on.
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new WebhookError(webhookWords.unreachable(cause), true);
    }
    const text = await response.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const candidate = answer as Partial<WebhookAnswer> | undefined;
    if (!response.ok || typeof candidate?.errcode !== 'number') {
      throw new WebhookError(webhookWords.unreadable(response.status), response.status >= 500);
    }
    return {
      errcode: candidate.errcode,
      errmsg: String(candidate.errmsg ?? ''),
      media_id: candidate.media_id,
    };
  }
}
