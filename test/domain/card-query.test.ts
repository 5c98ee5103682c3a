import { describe, expect, it } from 'vitest';
import { queryFromCard } from '../../src/domain/card-query.js';
import { makeId } from './ids.js';

const TODAY = '2026-11-24';
const MAN = makeId('110105', '19850312', '013');
const WOMAN = makeId('110105', '19900101', '024');
const sure = (text: string) => ({ text, confidence: 0.95 });

describe('queryFromCard', () => {
  it('makes a valid query with the printed name and a surely read item', () => {
    const q = queryFromCard(
      { name: sure('张 伟'), sex: sure('男'), idNumber: sure(MAN), item: sure('低压电工作业') },
      TODAY,
    );
    expect(q).toEqual({
      ok: true,
      query: expect.objectContaining({
        idNumber: MAN,
        valid: true,
        name: '张伟',
        item: '低压电工作业',
        personType: 'special',
      }),
    });
  });

  it('reads the certificate number T + ID when the ID line was not read', () => {
    const q = queryFromCard({ name: sure('王芳'), certNumber: sure(`T${WOMAN}`) }, TODAY);
    expect(q.ok && q.query.idNumber).toBe(WOMAN);
  });

  it('a failing checksum keeps the name and says why', () => {
    const bad = `${MAN.slice(0, 17)}${MAN.endsWith('0') ? '1' : '0'}`;
    const q = queryFromCard({ name: sure('张伟'), idNumber: sure(bad) }, TODAY);
    expect(q).toMatchObject({ ok: false, problem: 'invalid', name: '张伟' });
    expect(q.ok ? [] : q.reasons).toEqual([expect.stringContaining('校验')]);
  });

  it('a sex digit that disagrees with 性别 is asked for, not looked up', () => {
    expect(
      queryFromCard({ name: sure('王芳'), sex: sure('男'), idNumber: sure(WOMAN) }, TODAY),
    ).toMatchObject({
      ok: false,
      problem: 'sex_mismatch',
      name: '王芳',
    });
  });

  it('no number read at all is unreadable; a doubtful item is not put in the query', () => {
    expect(queryFromCard({ name: sure('张伟'), item: { text: '低压电工', confidence: 0.3 } }, TODAY)).toEqual(
      {
        ok: false,
        problem: 'unreadable',
        reasons: ['证上的身份证号没有识别出来'],
        name: '张伟',
      },
    );
  });
});
