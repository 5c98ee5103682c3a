import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  cdata,
  encryptedReplyXml,
  MpXmlError,
  parseMpXml,
  textReplyXml,
} from '../../../../src/chat/transports/mp/xml.js';

describe('service account XML', () => {
  it('reads a message, MsgId kept as the exact 64-bit string', () => {
    const fields = parseMpXml(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName>' +
        '<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 张三 &amp; ]]></Content>' +
        '<MsgId>6054768590064713728</MsgId></xml>',
    );
    expect(fields).toMatchObject({ FromUserName: 'o_user', MsgType: 'text', MsgId: '6054768590064713728' });
    expect(fields.Content).toBe(' 张三 &amp; ');
  });

  it('refuses a DOCTYPE or ENTITY outright and expands no entity', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>';
    expect(() => parseMpXml(xxe)).toThrow(MpXmlError);
    expect(() => parseMpXml('<xml><!ENTITY a "b"></xml>')).toThrow(MpXmlError);
    expect(parseMpXml('<xml><Content>&lt;&amp;</Content></xml>').Content).toBe('&lt;&amp;');
    expect(() => parseMpXml('<nope/>')).toThrow(MpXmlError);
  });

  it('writes a passive text reply in CDATA, a "]]>" in the text split safely', () => {
    const xml = textReplyXml('o_user', 'gh_1', 1700000000, '结果 ]]> <b>');
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml).xml;
    expect(parsed).toMatchObject({
      ToUserName: 'o_user',
      FromUserName: 'gh_1',
      MsgType: 'text',
      CreateTime: '1700000000',
    });
    expect(parsed.Content).toBe('结果 ]]> <b>');
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });

  it('writes the encrypted envelope', () => {
    const parsed = new XMLParser({ parseTagValue: false }).parse(
      encryptedReplyXml('ENC', 'SIG', '123', '456'),
    ).xml;
    expect(parsed).toEqual({ Encrypt: 'ENC', MsgSignature: 'SIG', TimeStamp: '123', Nonce: '456' });
  });
});
