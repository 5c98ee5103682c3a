import { createCipheriv, createHash } from 'node:crypto';
import { decrypt, encrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import {
  aesKey,
  decryptMessage,
  encryptMessage,
  MpCryptoError,
  signaturesEqual,
  sortedSha1,
} from '../../../../src/chat/transports/mp/crypto.js';

// The official WXBizMsgCrypt samples (Tencent, 2014): the Java test (WXBizMsgCryptTest, fixed random
// "aaaabbbbccccdddd") and the Python Sample.py decryption of a text message.
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const JAVA = {
  appId: 'wxb11529c136998cb6',
  random: Buffer.from('aaaabbbbccccdddd'),
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};
const PYTHON = {
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypted:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
  plain:
    '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>',
};
const key = aesKey(KEY);

/** A block of ciphertext made from an arbitrary plaintext (to break padding, length, appid on purpose). */
function rawCipher(plain: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

describe('service account message crypto', () => {
  it('encrypts the Java sample exactly (32-byte PKCS#7 block, appid appended)', () => {
    expect(encryptMessage(key, JAVA.message, JAVA.appId, JAVA.random)).toBe(JAVA.encrypted);
    expect(decryptMessage(key, JAVA.encrypted, JAVA.appId)).toBe(JAVA.message);
  });

  it('checks the Python sample msg_signature and decrypts its message', () => {
    const signature = sortedSha1([PYTHON.token, PYTHON.timestamp, PYTHON.nonce, PYTHON.encrypted]);
    expect(signature).toBe(PYTHON.msgSignature);
    expect(signaturesEqual(signature, PYTHON.msgSignature)).toBe(true);
    expect(decryptMessage(key, PYTHON.encrypted, PYTHON.appId)).toBe(PYTHON.plain);
  });

  it('the examples of 微信开发者平台「消息推送」 and 「消息加解密说明」: URL verification and a plaintext push (Token AAAAA)', () => {
    expect(sortedSha1(['AAAAA', '1714036504', '1514711492'])).toBe(
      'f464b24fc39322e44b38aa78f5edd27bd1441696',
    );
    expect(sortedSha1(['AAAAA', '1714037059', '486452656'])).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
  });

  it('URL-verification signature is sha1 of the sorted token, timestamp, nonce', () => {
    // sorted: "1409304348" < "pamtest" < "xxxxxx"
    const expected = createHash('sha1').update('1409304348pamtestxxxxxx').digest('hex');
    expect(sortedSha1(['pamtest', '1409304348', 'xxxxxx'])).toBe(expected);
    expect(signaturesEqual(expected, 'x')).toBe(false);
    expect(signaturesEqual(expected, expected.replace(/.$/, '0'))).toBe(expected.endsWith('0'));
  });

  it('agrees with @wecom/crypto both ways', () => {
    const message = '<xml><Content><![CDATA[张三 11010519491231002X]]></Content></xml>';
    const theirs = encrypt(KEY, message, JAVA.appId);
    expect(decryptMessage(key, theirs, JAVA.appId)).toBe(message);
    const ours = encryptMessage(key, message, JAVA.appId);
    expect(decrypt(KEY, ours)).toMatchObject({ message, id: JAVA.appId });
    expect(encryptMessage(key, message, JAVA.appId, Buffer.alloc(16, 7))).toBe(
      encrypt(KEY, message, JAVA.appId, Buffer.alloc(16, 7)),
    );
  });

  it('refuses another appid, bad padding, a length out of bounds and garbage with an error, never a crash', () => {
    expect(() => decryptMessage(key, JAVA.encrypted, 'wx0000000000000000')).toThrow(MpCryptoError);
    const header = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 0, 2]), Buffer.from('hi')]);
    const body = Buffer.concat([header, Buffer.from(JAVA.appId)]);
    const padded = (pad: Buffer) => rawCipher(Buffer.concat([body, pad]));
    const goodPad = 64 - body.length;
    expect(decryptMessage(key, padded(Buffer.alloc(goodPad, goodPad)), JAVA.appId)).toBe('hi');
    // pad bytes not all equal
    const uneven = Buffer.alloc(goodPad, goodPad);
    uneven[0] = 1;
    expect(() => decryptMessage(key, padded(uneven), JAVA.appId)).toThrow(MpCryptoError);
    // pad byte 0 and pad byte 33
    expect(() => decryptMessage(key, rawCipher(Buffer.alloc(64, 0)), JAVA.appId)).toThrow(MpCryptoError);
    expect(() => decryptMessage(key, rawCipher(Buffer.alloc(64, 33)), JAVA.appId)).toThrow(MpCryptoError);
    // a length field past the end
    const long = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 1, 0]), Buffer.alloc(12, 32)]);
    expect(() => decryptMessage(key, rawCipher(long), JAVA.appId)).toThrow(MpCryptoError);
    expect(() => decryptMessage(key, 'YWJj', JAVA.appId)).toThrow(MpCryptoError);
    expect(() => decryptMessage(key, '', JAVA.appId)).toThrow(MpCryptoError);
    expect(() => aesKey('short')).toThrow(MpCryptoError);
  });
});
