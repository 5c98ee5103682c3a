/**
 * A fake of the service account's server API (api.weixin.qq.com) on 127.0.0.1, port 0, recording every call:
 * `/cgi-bin/token` (appid + secret → a token with `expires_in`), `/cgi-bin/message/custom/send` (45015 when the
 * user's last message is older than 48 hours, 40001 for an unknown or revoked token, 42001 for an expired one) and
 * `/cgi-bin/media/get` (the bytes put in with `addMedia`, 40007 otherwise). Time is the injected clock.
 *
 *   const api = await startFakeMpApi({ appId, appSecret, now: () => clock });
 *   api.userWrote('openid', clock); … api.sent; api.revokeTokens(); await api.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMpApiCall {
  path: string;
  query: Record<string, string>;
  body?: unknown;
  /** The errcode answered (0 = ok). */
  errcode: number;
}

export interface FakeMpSent {
  touser: string;
  msgtype: string;
  content: string;
}

export interface FakeMpApi {
  url: string;
  calls: FakeMpApiCall[];
  /** Customer-service messages accepted. */
  sent: FakeMpSent[];
  /** Tokens handed out by /cgi-bin/token. */
  tokensIssued: number;
  /** The user wrote to the account at `atMs` (opens the 48-hour window). */
  userWrote(openId: string, atMs: number): void;
  /** Every token issued so far becomes invalid (40001), as when the secret is reset elsewhere. */
  revokeTokens(): void;
  /** The next customer-service send answers this errcode (e.g. 45047), once. */
  failNextSend(errcode: number): void;
  addMedia(mediaId: string, bytes: Buffer): void;
  close(): Promise<void>;
}

export interface FakeMpApiOptions {
  appId: string;
  appSecret: string;
  now?: () => number;
  /** `expires_in` of a token, seconds (7200 as WeChat). */
  tokenTtlSeconds?: number;
}

const WINDOW_MS = 48 * 3600_000;

export async function startFakeMpApi(options: FakeMpApiOptions): Promise<FakeMpApi> {
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, { issuedAt: number; revoked: boolean }>();
  const lastWrote = new Map<string, number>();
  const media = new Map<string, Buffer>();
  const failures: number[] = [];
  const calls: FakeMpApiCall[] = [];
  const sent: FakeMpSent[] = [];
  let issued = 0;

  const json = (res: ServerResponse, call: FakeMpApiCall, payload: Record<string, unknown>) => {
    call.errcode = Number(payload.errcode ?? 0);
    calls.push(call);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  const tokenError = (token: string | undefined): Record<string, unknown> | undefined => {
    const known = token ? tokens.get(token) : undefined;
    if (!known || known.revoked) return { errcode: 40001, errmsg: 'invalid credential' };
    if (now() >= known.issuedAt + ttl * 1000) return { errcode: 42001, errmsg: 'access_token expired' };
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const call: FakeMpApiCall = { path: url.pathname, query, errcode: 0 };
    if (raw) call.body = JSON.parse(raw);
    switch (url.pathname) {
      case '/cgi-bin/token': {
        if (query.grant_type !== 'client_credential' || query.appid !== options.appId) {
          return json(res, call, { errcode: 40013, errmsg: 'invalid appid' });
        }
        if (query.secret !== options.appSecret)
          return json(res, call, { errcode: 40125, errmsg: 'invalid appsecret' });
        issued += 1;
        const token = `FAKE_TOKEN_${issued}`;
        tokens.set(token, { issuedAt: now(), revoked: false });
        return json(res, call, { access_token: token, expires_in: ttl });
      }
      case '/cgi-bin/message/custom/send': {
        const error = tokenError(query.access_token);
        if (error) return json(res, call, error);
        const failure = failures.shift();
        if (failure !== undefined) return json(res, call, { errcode: failure, errmsg: 'injected' });
        const body = call.body as { touser?: string; msgtype?: string; text?: { content?: string } };
        const wrote = lastWrote.get(body.touser ?? '');
        if (wrote === undefined || now() - wrote > WINDOW_MS) {
          return json(res, call, {
            errcode: 45015,
            errmsg: 'response out of time limit or subscription is canceled',
          });
        }
        sent.push({
          touser: body.touser ?? '',
          msgtype: body.msgtype ?? '',
          content: body.text?.content ?? '',
        });
        return json(res, call, { errcode: 0, errmsg: 'ok' });
      }
      case '/cgi-bin/media/get': {
        const error = tokenError(query.access_token);
        if (error) return json(res, call, error);
        const bytes = media.get(query.media_id ?? '');
        if (!bytes) return json(res, call, { errcode: 40007, errmsg: 'invalid media_id' });
        calls.push(call);
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
        res.end(bytes);
        return;
      }
      default:
        return json(res, call, { errcode: 404, errmsg: 'unknown api' });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sent,
    get tokensIssued() {
      return issued;
    },
    userWrote: (openId, atMs) => lastWrote.set(openId, atMs),
    revokeTokens: () => {
      for (const token of tokens.values()) token.revoked = true;
    },
    failNextSend: (errcode) => failures.push(errcode),
    addMedia: (mediaId, bytes) => media.set(mediaId, bytes),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
