import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../src/roster/read/csv-sheet.js';
import { decodeText, detectEncoding } from '../../src/roster/read/decode-text.js';
import { findHeader, normaliseHeader, recogniseColumns } from '../../src/roster/read/header.js';
import { parsePersonType } from '../../src/roster/read/roster-row.js';
import { readZipDirectory } from '../../src/roster/read/zip-directory.js';
import { craftZip, encode, xlsx } from './files.js';

describe('header recognition', () => {
  it('normalises spaces, asterisks and remarks in brackets', () => {
    expect(normaliseHeader(' 姓 名* ')).toBe('姓名');
    expect(normaliseHeader('身份证号码（必填）')).toBe('身份证号码');
    expect(normaliseHeader('部门/班组')).toBe('部门班组');
  });

  it('prefers 操作项目 to 作业类别 and the ID column to the certificate number', () => {
    const { columns } = recogniseColumns(['作业类别', '姓名', '证号', '公民身份号码', '操作项目', '岗位']);
    expect(columns).toEqual({ item: 4, name: 1, certNumber: 2, idNumber: 3, personType: 5 });
  });

  it('picks the row with an ID column and the most recognised columns, not a title', () => {
    const rows = [
      ['特种作业人员及安全管理人员名单'],
      ['单位：一分厂', ''],
      ['序号', '姓名', '身份证号', '工种', '单位'],
    ];
    expect(findHeader(rows)?.index).toBe(2);
    expect(findHeader([['姓名', '工种']])).toBeUndefined();
  });

  it('reads person types', () => {
    expect(parsePersonType('主要负责人')).toBe('principal');
    expect(parsePersonType('安全生产管理人员')).toBe('manager');
    expect(parsePersonType('专职安全员')).toBe('manager');
    expect(parsePersonType('特种作业人员')).toBe('special');
    expect(parsePersonType('车间主任')).toBeUndefined();
  });
});

describe('charset detection', () => {
  it('tells UTF-8, GBK and UTF-16 apart', () => {
    const text = '姓名,身份证号\n张三,110101198001010011\n';
    expect(detectEncoding(encode(text, 'utf8'))).toBe('utf8');
    expect(detectEncoding(encode(text, 'gbk'))).toBe('gb18030');
    expect(detectEncoding(encode(text, 'utf16le'))).toBe('utf16le');
    expect(detectEncoding(encode(text, 'utf16be'))).toBe('utf16be');
    expect(decodeText(encode(text, 'gbk'))?.text).toBe(text);
  });

  it('detects the delimiter', () => {
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a,b\n1,2')).toBe(',');
  });
});

describe('zip directory', () => {
  it('lists the entries of a real xlsx with their sizes', async () => {
    const entries = readZipDirectory(await xlsx([{ name: 'S', rows: [['姓名']] }]));
    const workbook = entries?.find((e) => e.name === 'xl/workbook.xml');
    expect(workbook?.uncompressedSize).toBeGreaterThan(0);
  });

  it('reads the claimed sizes of a crafted zip and rejects garbage', () => {
    const zip = craftZip([{ name: 'a.txt', data: Buffer.from('hi'), claimedSize: 123_456_789 }]);
    expect(readZipDirectory(zip)).toEqual([
      { name: 'a.txt', compressedSize: 2, uncompressedSize: 123_456_789, method: 0, localOffset: 0 },
    ]);
    expect(readZipDirectory(Buffer.from('PK\x03\x04 not really a zip'))).toBeUndefined();
  });
});
