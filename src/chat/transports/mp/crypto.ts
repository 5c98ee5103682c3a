/**
 * The service account's message signing and encryption (微信公众平台「消息加解密」, the WXBizMsgCrypt scheme):
 * `signature` = sha1 of the sorted [token, timestamp, nonce] joined; safe mode adds `Encrypt` to the sort for
 * `msg_signature`. AES-256-CBC, key = base64(EncodingAESKey + '='), IV = the key's first 16 bytes; plaintext =
 * 16 random bytes + 4-byte big-endian length + message + appid, PKCS#7-padded to a 32-byte block.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32;

/** A message that fails its checks (signature, padding, length, appid): never processed. */
export class MpCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MpCryptoError';
  }
}

/** sha1 hex of the parts sorted (as strings, by code unit) and joined. */
export function sortedSha1(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Whether two hex signatures are equal, in constant time for equal lengths. */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The 32-byte AES key of a 43-character EncodingAESKey. */
export function aesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32)
    throw new MpCryptoError('EncodingAESKey 应为 43 个字符');
  return key;
}

/** Encrypt `message` for `appId` (the `Encrypt` field); `random` only for the official test vectors. */
export function encryptMessage(
  key: Buffer,
  message: string,
  appId: string,
  random: Buffer = randomBytes(16),
): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

/** Decrypt an `Encrypt` field, checking padding, length and appid strictly; throws MpCryptoError on any fault. */
export function decryptMessage(key: Buffer, encrypted: string, appId: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % BLOCK !== 0) throw new MpCryptoError('密文长度不对');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new MpCryptoError('解密失败');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK) throw new MpCryptoError('填充不对');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new MpCryptoError('填充不对');
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) throw new MpCryptoError('明文太短');
  const length = content.readUInt32BE(16);
  if (length > content.length - 20) throw new MpCryptoError('长度字段越界');
  const gotAppId = content.subarray(20 + length);
  const want = Buffer.from(appId, 'utf8');
  if (gotAppId.length !== want.length || !timingSafeEqual(gotAppId, want))
    throw new MpCryptoError('appid 不符');
  return content.subarray(20, 20 + length).toString('utf8');
}
