/**
 * The service account's server API (api.weixin.qq.com): the access_token (`/cgi-bin/token`, cached until shortly
 * before `expires_in`, one refresh at a time), customer-service text messages (`/cgi-bin/message/custom/send`)
 * and downloads of media a user sent (`/cgi-bin/media/get`). The token and the appsecret never reach a log line
 * or an error message, nor does a URL that carries them; each token is registered with the log's guard too.
 */
import { registerSecrets } from '../../../util/secrets.js';
import { splitText } from '../../split-text.js';

/**
 * Characters per customer-service text. The documentation names no limit; longer texts fail with 45002
 * ("content size out of limit"), which the platform's answers put at 2048 bytes: 680 UTF-16 code units are at most
 * 2040 bytes of UTF-8.
 */
export const MP_TEXT_MAX_CHARS = 680;

/** Errcodes after which a fresh token is fetched and the call tried once more (invalid, expired, wrong token). */
const TOKEN_ERRORS = new Set([40001, 42001, 40014]);

/** An errcode from the API (the message carries no token or secret). */
export class MpApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
    readonly api: string,
  ) {
    super(`${api} 返回 errcode ${errcode}：${errmsg}`);
    this.name = 'MpApiError';
  }
}

export interface MpApiOptions {
  appId: string;
  appSecret: string;
  /** e.g. https://api.weixin.qq.com */
  baseUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
}

interface WxResult {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export class MpApi {
  private token: { value: string; expiresAt: number } | undefined;
  private refreshing: Promise<string> | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: MpApiOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** Send `text` to `openId` through the customer-service API, split under the text limit. */
  async sendText(openId: string, text: string): Promise<void> {
    for (const part of splitText(text, MP_TEXT_MAX_CHARS)) {
      await this.withToken(async (token) => {
        const response = await this.fetchFn(
          this.url('/cgi-bin/message/custom/send', { access_token: token }),
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ touser: openId, msgtype: 'text', text: { content: part } }),
          },
        );
        return this.check('message/custom/send', (await response.json()) as WxResult);
      });
    }
  }

  /** Download a media file a user sent (an image's MediaId). */
  async getMedia(mediaId: string): Promise<Buffer> {
    return this.withToken(async (token) => {
      const response = await this.fetchFn(
        this.url('/cgi-bin/media/get', { access_token: token, media_id: mediaId }),
      );
      const bytes = Buffer.from(await response.arrayBuffer());
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('json') || type.startsWith('text/')) {
        this.check('media/get', JSON.parse(bytes.toString('utf8')) as WxResult);
      }
      return bytes;
    });
  }

  /** Run `call` with the current token; on a token errcode fetch a fresh one and run it once more. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof MpApiError && TOKEN_ERRORS.has(error.errcode))) throw error;
      if (this.token?.value === token) this.token = undefined;
      return call(await this.accessToken());
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt) return this.token.value;
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    const { appId, appSecret } = this.options;
    const response = await this.fetchFn(
      this.url('/cgi-bin/token', { grant_type: 'client_credential', appid: appId, secret: appSecret }),
    );
    const result = this.check('token', (await response.json()) as WxResult);
    if (!result.access_token) throw new MpApiError(-1, '没有 access_token', 'token');
    registerSecrets([result.access_token]);
    const seconds = result.expires_in ?? 7200;
    // Renewed five minutes before it expires (or half-way for a short-lived token).
    const margin = Math.min(300, seconds / 2);
    this.token = { value: result.access_token, expiresAt: this.now() + (seconds - margin) * 1000 };
    return result.access_token;
  }

  private check(api: string, result: WxResult): WxResult {
    if (result.errcode !== undefined && result.errcode !== 0) {
      throw new MpApiError(result.errcode, result.errmsg ?? '', api);
    }
    return result;
  }

  private url(path: string, query: Record<string, string>): string {
    const url = new URL(path, this.options.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }
}
