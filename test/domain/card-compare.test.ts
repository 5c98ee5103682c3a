import { describe, expect, it } from 'vitest';
import { cardDate, compareCard, compareWith } from '../../src/domain/card-compare.js';
import { type CardSays, SURE_READ } from '../../src/domain/card-fields.js';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import { makeId } from './ids.js';

const ID = makeId('110105', '19850312', '013');
const RECORD: CertificateRecord = {
  kind: 'special',
  idNumber: ID,
  name: '张伟',
  sex: '男',
  certNumber: `T${ID}`,
  category: '电工作业',
  item: '低压电工作业',
  firstIssued: '2019-03-10',
  validFrom: '2025-03-10',
  validUntil: '2031-03-10',
  reviewDue: '2028-03-10',
  issuer: '北京市应急管理局',
};

const sure = (text: string) => ({ text, confidence: 0.97 });
const doubtful = (text: string) => ({ text, confidence: 0.5 });

/** The card a genuine holder photographs: the record as printed. */
const GENUINE: CardSays = {
  name: sure('张 伟'),
  sex: sure('男'),
  idNumber: sure(ID),
  category: sure('电工作业'),
  item: sure('低压电工作业'),
  firstIssued: sure('2019.03.10'),
  validFrom: sure('2025年3月10日'),
  validUntil: sure('2031-03-10'),
  issuer: sure('北京市 应急管理局'),
};

describe('compareWith', () => {
  it('finds nothing on a genuine card printed in its own date and spacing style', () => {
    const c = compareWith(GENUINE, RECORD);
    expect(c.differences).toEqual([]);
    expect(c.altered).toBe(false);
    expect(c.fields.map((f) => f.field)).toEqual([
      'name',
      'sex',
      'category',
      'item',
      'firstIssued',
      'validFrom',
      'validUntil',
      'issuer',
    ]);
    expect(c.fields.every((f) => f.same)).toBe(true);
  });

  it('calls a surely read other validity date, item or issuer an alteration', () => {
    for (const [field, text] of [
      ['validUntil', '2035-03-10'],
      ['item', '高压电工作业'],
      ['issuer', '河北省应急管理厅'],
      ['validFrom', '2029-03-10'],
    ] as const) {
      const c = compareWith({ ...GENUINE, [field]: sure(text) }, RECORD);
      expect(c.altered, field).toBe(true);
      expect(c.differences).toEqual([
        expect.objectContaining({ field, card: text, platform: RECORD[field], weight: 'altered' }),
      ]);
    }
  });

  it('asks rather than accuses when the differing read is doubtful, on either side of the threshold', () => {
    const below = compareWith(
      { ...GENUINE, validUntil: { text: '2031-08-10', confidence: SURE_READ - 0.01 } },
      RECORD,
    );
    expect(below.altered).toBe(false);
    expect(below.differences[0]?.weight).toBe('confirm');
    const at = compareWith({ ...GENUINE, validUntil: { text: '2031-08-10', confidence: SURE_READ } }, RECORD);
    expect(at.altered).toBe(true);
  });

  it('a name one character off on a doubtful read is 请确认姓名, not a forgery', () => {
    const c = compareWith({ ...GENUINE, name: doubtful('张玮') }, RECORD);
    expect(c.confirmName).toBe(true);
    expect(c.altered).toBe(false);
    const sureOther = compareWith({ ...GENUINE, name: sure('李四') }, RECORD);
    expect(sureOther.confirmName).toBe(false);
    expect(sureOther.altered).toBe(true);
    const doubtfulOther = compareWith({ ...GENUINE, name: doubtful('欧阳娜娜') }, RECORD);
    expect(doubtfulOther.confirmName).toBe(false);
  });

  it('does not compare what the platform does not keep, but flags a review the record lacks', () => {
    const bare: CertificateRecord = { kind: 'special', idNumber: ID, name: '张伟', validUntil: '2031-03-10' };
    const c = compareWith({ ...GENUINE, reviewedOn: sure('2028-02-01') }, bare);
    expect(c.fields.map((f) => f.field)).toEqual(['name', 'validUntil', 'reviewedOn']);
    expect(c.differences).toEqual([
      expect.objectContaining({ field: 'reviewedOn', card: '2028-02-01', weight: 'altered' }),
    ]);
    expect(c.differences[0]?.platform).toBeUndefined();
  });

  it('takes 低压电工 and 低压电工作业 for the same item', () => {
    expect(compareWith({ item: sure('低压电工') }, RECORD).differences).toEqual([]);
  });
});

describe('compareCard', () => {
  const renewed: CertificateRecord = { ...RECORD, validFrom: '2031-03-10', validUntil: '2037-03-10' };
  const old: CertificateRecord = { ...RECORD };
  it('picks the record the card matches, an old card matching history is no alteration', () => {
    const c = compareCard(GENUINE, { current: [renewed], history: [old] });
    expect(c?.fromHistory).toBe(true);
    expect(c?.altered).toBe(false);
  });
  it('prefers a current record when two match equally, and is undefined on nothing found', () => {
    expect(compareCard(GENUINE, { current: [RECORD], history: [old] })?.fromHistory).toBe(false);
    expect(compareCard(GENUINE, { current: [], history: [] })).toBeUndefined();
  });
  it('on a card whose dates were changed, reports the closest record and its differences', () => {
    const c = compareCard(
      { ...GENUINE, validUntil: sure('2039-03-10') },
      { current: [RECORD, { ...RECORD, item: '高压电工作业' }], history: [] },
    );
    expect(c?.record.item).toBe('低压电工作业');
    expect(c?.differences.map((d) => d.field)).toEqual(['validUntil']);
  });
});

describe('cardDate', () => {
  it('reads the ways cards print dates, and refuses impossible ones', () => {
    expect(cardDate('2025.3.1')).toBe('2025-03-01');
    expect(cardDate('2025/03/01')).toBe('2025-03-01');
    expect(cardDate('2025年03月01日')).toBe('2025-03-01');
    expect(cardDate('2025-02-30')).toBeUndefined();
    expect(cardDate('20250301')).toBeUndefined();
  });
});
