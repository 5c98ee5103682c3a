/**
 * WeChat's side of the service account callback: signs (`signature`, and `msg_signature` in safe mode) and
 * encrypts as 微信公众平台「消息加解密」 documents — the AES part through `@wecom/crypto`, an implementation
 * independent of ours — posts to the endpoint, and retries like WeChat (same MsgId, three more times 5 s apart;
 * `wait` is injected so a test does not sleep). In 安全模式 the body holds only the ciphertext; in 兼容模式 the
 * plaintext fields travel beside it; every response says what was sent (`sent`), for replaying it.
 *
 *   const wx = mpCallbackDriver({ url, token, appId, encodingAesKey });
 *   const r = await wx.post(textMessage({ from: 'openid', content: '你好', msgId: '1' }), { safe: true });
 *   r.status; r.reply?.Content;
 */
import { createHash, randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';

export interface MpDriverOptions {
  /** The endpoint, e.g. http://127.0.0.1:PORT/wechat/mp */
  url: string;
  token: string;
  appId: string;
  encodingAesKey?: string;
  /** The account's 消息加解密方式 (absent or empty: safe with an EncodingAESKey, plain without). */
  mode?: 'plain' | 'compat' | 'safe' | '';
  /** Epoch milliseconds (the `timestamp` WeChat sends). */
  now?: () => number;
  /**
   * Pause between WeChat's attempts; `earlier` are the attempts posted so far (a test may wait for one of them
   * to be answered before letting the next go).
   */
  wait?: (ms: number, earlier: ReadonlyArray<Promise<MpDriverResponse>>) => Promise<void>;
}

export interface MpPostOptions {
  /** Encrypted (true) or plaintext (false, as an attacker would forge it) whatever the driver's mode. */
  safe?: boolean;
  /** In 兼容模式, the plaintext copy sent beside the ciphertext (default: the message itself). */
  plainCopy?: string;
  /** Sign with a wrong token (the request must be refused). */
  badSignature?: boolean;
  /** Override the query's timestamp (seconds). */
  timestamp?: string;
}

export interface MpDriverResponse {
  status: number;
  body: string;
  /** The passive reply's fields (decrypted and its signature checked in safe mode); undefined for `success`. */
  reply?: Record<string, string>;
  /** The request as sent (to replay it). */
  sent: { url: string; body: string };
}

const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreAttributes: true });

function sha1Sorted(parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

function fieldsOf(xml: string): Record<string, string> {
  return (parser.parse(xml) as { xml: Record<string, string> }).xml;
}

/** A message as WeChat writes it: strings in CDATA, numbers bare. */
export function messageXml(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([name, value]) =>
      typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}><![CDATA[${value}]]></${name}>`,
    )
    .join('');
  return `<xml>${inner}</xml>`;
}

/** A user's text message to the account `gh_fake`. */
export function textMessage(m: {
  from: string;
  content: string;
  msgId: string;
  createTime?: number;
}): string {
  return `<xml><ToUserName><![CDATA[gh_fake]]></ToUserName><FromUserName><![CDATA[${m.from}]]></FromUserName><CreateTime>${
    m.createTime ?? 1_700_000_000
  }</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${m.content}]]></Content><MsgId>${m.msgId}</MsgId></xml>`;
}

export function mpCallbackDriver(options: MpDriverOptions) {
  const now = options.now ?? Date.now;
  const mode = options.mode || (options.encodingAesKey ? 'safe' : 'plain');
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const query = (extra: Record<string, string>) => {
    const url = new URL(options.url);
    for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
    return url.toString();
  };

  const openReply = (body: string, safe: boolean): Record<string, string> | undefined => {
    if (body === 'success' || body === '') return undefined;
    const outer = fieldsOf(body);
    if (!safe) return outer;
    const key = options.encodingAesKey ?? '';
    const expected = getSignature(
      options.token,
      outer.TimeStamp ?? '',
      outer.Nonce ?? '',
      outer.Encrypt ?? '',
    );
    if (expected !== outer.MsgSignature) throw new Error('passive reply msg_signature is wrong');
    const { message, id } = decrypt(key, outer.Encrypt ?? '');
    if (id !== options.appId) throw new Error('passive reply is for another appid');
    return fieldsOf(message);
  };

  const driver = {
    /** The endpoint's URL with a right `signature` for a fresh timestamp and a random nonce, and `extra`. */
    signedUrl(extra: Record<string, string> = {}): string {
      const timestamp = String(Math.floor(now() / 1000));
      const nonce = String(randomBytes(4).readUInt32BE(0));
      return query({ signature: sha1Sorted([options.token, timestamp, nonce]), timestamp, nonce, ...extra });
    },

    /** The URL verification GET WeChat sends when the server address is saved. */
    async verify(
      echostr: string,
      get: Pick<MpPostOptions, 'badSignature' | 'timestamp'> = {},
    ): Promise<{ status: number; body: string; headers: Headers }> {
      const timestamp = get.timestamp ?? String(Math.floor(now() / 1000));
      const nonce = String(randomBytes(4).readUInt32BE(0));
      const signature = sha1Sorted([get.badSignature ? 'wrong-token' : options.token, timestamp, nonce]);
      const response = await fetch(query({ signature, timestamp, nonce, echostr }));
      return { status: response.status, body: await response.text(), headers: response.headers };
    },

    /** Post one message (plain, or in safe mode wrapped in the encrypted envelope). */
    async post(xml: string, post: MpPostOptions = {}): Promise<MpDriverResponse> {
      const token = post.badSignature ? 'wrong-token' : options.token;
      const timestamp = post.timestamp ?? String(Math.floor(now() / 1000));
      const nonce = String(randomBytes(4).readUInt32BE(0));
      const params: Record<string, string> = {
        signature: sha1Sorted([token, timestamp, nonce]),
        timestamp,
        nonce,
      };
      let body = xml;
      const safe = post.safe ?? mode !== 'plain';
      if (safe) {
        const encrypted = encrypt(options.encodingAesKey ?? '', xml, options.appId);
        const beside =
          mode === 'compat'
            ? (post.plainCopy ?? xml).replace(/^<xml>|<\/xml>$/g, '')
            : '<ToUserName><![CDATA[gh_fake]]></ToUserName>';
        body = `<xml>${beside}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
        params.encrypt_type = 'aes';
        params.msg_signature = getSignature(token, timestamp, nonce, encrypted);
        params.openid = /<FromUserName><!\[CDATA\[(.*?)\]\]>/.exec(xml)?.[1] ?? '';
      }
      const url = query(params);
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      const text = await response.text();
      return {
        status: response.status,
        body: text,
        reply: response.ok ? openReply(text, safe) : undefined,
        sent: { url, body },
      };
    },

    /**
     * Post as WeChat does when it gets no answer in time: the first attempt, then `retries` more with the same
     * message, `intervalMs` apart (not waiting for the earlier answers). Resolves with every attempt's response.
     */
    async postWithRetries(
      xml: string,
      post: MpPostOptions = {},
      retries = 3,
      intervalMs = 5000,
    ): Promise<MpDriverResponse[]> {
      const attempts = [driver.post(xml, post)];
      for (let i = 0; i < retries; i++) {
        await wait(intervalMs, attempts);
        attempts.push(driver.post(xml, post));
      }
      return Promise.all(attempts);
    },
  };
  return driver;
}
