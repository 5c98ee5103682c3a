/**
 * The service account's XML: incoming messages read into flat string fields (no entity expansion, no DOCTYPE,
 * `MsgId` kept as a string: it is a 64-bit integer), and the passive replies written with CDATA.
 */
import { XMLParser } from 'fast-xml-parser';

/** XML that is not a message we read (malformed, a DOCTYPE or ENTITY, no `<xml>` root). */
export class MpXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MpXmlError';
  }
}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: false,
});

/** The top-level text fields of `<xml>…</xml>` (nested elements are dropped). */
export function parseMpXml(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new MpXmlError('XML 含 DOCTYPE 或 ENTITY，拒收');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw new MpXmlError('XML 格式不对');
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml;
  if (root === null || typeof root !== 'object') throw new MpXmlError('缺少 <xml> 根元素');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** The `Encrypt` element, its text bare or in CDATA (base64 only). */
const ENCRYPT_ELEMENT = /<Encrypt>(?:<!\[CDATA\[([A-Za-z0-9+/=]*)\]\]>|([A-Za-z0-9+/=]*))<\/Encrypt>/g;

/**
 * The `Encrypt` field of a safe- or compatible-mode envelope, found without parsing the rest (the envelope is
 * not trusted until `msg_signature` over this field is checked; in 兼容模式 the plaintext copy beside it is
 * never read). Exactly one `Encrypt` element, or MpXmlError.
 */
export function envelopeEncrypt(body: string): string {
  const found = [...body.matchAll(ENCRYPT_ELEMENT)];
  const [only] = found;
  if (found.length !== 1 || !only || body.split('<Encrypt').length !== 2)
    throw new MpXmlError('密文消息应恰好含一个 Encrypt 字段');
  return only[1] ?? only[2] ?? '';
}

/** `value` inside CDATA, a `]]>` in it split across two sections. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** A passive text reply from the account (`from`, its original id) to the user `to` (the openid). */
export function textReplyXml(to: string, from: string, createTime: number, text: string): string {
  return (
    `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(text)}</Content></xml>`
  );
}

/** The safe-mode envelope of a passive reply. */
export function encryptedReplyXml(
  encrypt: string,
  msgSignature: string,
  timestamp: string,
  nonce: string,
): string {
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(msgSignature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
