import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_WORDS,
  type CertItemFields,
  type ItemMatch,
  matchTerm,
  normaliseItemText,
  resolveItemWord,
  SPECIAL_OPERATIONS_CATALOGUE,
  unplacedItemWarning,
} from '../../src/domain/catalogue.js';
import { EVERYDAY_WORDS } from '../../src/domain/catalogue-everyday.js';
import { ITEM_SCOPE } from '../../src/domain/catalogue-scope.js';

/** A roster word against a certificate, as the verdict decides it: placed once, then matched. */
function matchesItem(word: string, cert: CertItemFields): ItemMatch {
  const term = resolveItemWord(word);
  return term === undefined ? { outcome: 'unknown', note: unplacedItemWarning(word) } : matchTerm(term, cert);
}
const matches = (roster: string, cert: CertItemFields) => matchesItem(roster, cert).outcome === 'match';
const outcome = (roster: string, cert: CertItemFields) => matchesItem(roster, cert).outcome;
const item = (name: string): CertItemFields => ({ item: name });

describe('the catalogue of domain.md §3', () => {
  it('has the eleven categories in order', () => {
    expect(SPECIAL_OPERATIONS_CATALOGUE.map((c) => c.category)).toEqual([
      '电工作业',
      '焊接与热切割作业',
      '高处作业',
      '制冷与空调作业',
      '煤矿安全作业',
      '金属非金属矿山安全作业',
      '石油天然气安全作业',
      '冶金（有色）生产安全作业',
      '危险化学品安全作业',
      '烟花爆竹安全作业',
      '应急管理部认定的其他作业',
    ]);
  });

  it('lists the items of each category', () => {
    const items = Object.fromEntries(SPECIAL_OPERATIONS_CATALOGUE.map((c) => [c.category, c.items]));
    expect(items.焊接与热切割作业).toEqual(['熔化焊接与热切割作业', '压力焊作业', '钎焊作业']);
    expect(items.高处作业).toEqual(['登高架设作业', '高处安装、维护、拆除作业']);
    expect(items.煤矿安全作业).toHaveLength(10);
    expect(items.金属非金属矿山安全作业).toHaveLength(10);
    expect(items.危险化学品安全作业).toHaveLength(16);
    expect(items.烟花爆竹安全作业).toHaveLength(5);
    expect(items.电工作业?.slice(0, 3)).toEqual(['高压电工作业', '低压电工作业', '防爆电气作业']);
  });
});

describe('roster words', () => {
  it('电工 is the whole category', () => {
    expect(resolveItemWord('电工')?.categories).toEqual(['电工作业']);
    expect(matches('电工', { category: '电工作业', item: '低压电工作业' })).toBe(true);
    expect(matches('电工', item('高压电工作业'))).toBe(true);
    expect(matches('电工证', item('防爆电气作业'))).toBe(true);
    expect(matches('电工', item('熔化焊接与热切割作业'))).toBe(false);
    expect(matchesItem('电工', item('高压电工作业'))).toMatchObject({ basis: 'item' });
  });

  it('高压电工 / 低压电工 are single items', () => {
    expect(matches('高压电工', item('高压电工作业'))).toBe(true);
    expect(matches('高压电工', item('低压电工作业'))).toBe(false);
    expect(matches('低压电工', { category: '电工作业', item: '低压电工作业' })).toBe(true);
    expect(matches('低压电工作业', item('高压电工作业'))).toBe(false);
    expect(matchesItem('高压电工', item('高压电工作业'))).toMatchObject({ basis: 'item' });
  });

  it('welders', () => {
    expect(matches('焊工', item('熔化焊接与热切割作业'))).toBe(true);
    expect(matches('焊工', item('钎焊作业'))).toBe(true);
    expect(matches('电焊工', item('熔化焊接与热切割作业'))).toBe(true);
    expect(matches('电焊工', item('钎焊作业'))).toBe(false);
    expect(matches('气焊工', item('熔化焊接与热切割作业'))).toBe(true);
  });

  it('work at height', () => {
    expect(matches('登高', item('登高架设作业'))).toBe(true);
    expect(matches('架子工', item('登高架设作业'))).toBe(true);
    expect(matches('架子工', item('高处安装、维护、拆除作业'))).toBe(false);
    expect(matches('高处作业', item('高处安装、维护、拆除作业'))).toBe(true);
    expect(matches('高处作业', item('登高架设作业'))).toBe(true);
  });

  it('refrigeration, drilling, mining, gas, chemicals', () => {
    expect(matches('制冷工', item('制冷与空调设备安装修理作业'))).toBe(true);
    expect(matches('空调工', item('制冷与空调设备运行操作作业'))).toBe(true);
    expect(matches('司钻', item('司钻作业（钻井作业）'))).toBe(true);
    expect(matches('司钻', item('司钻作业(井下作业)'))).toBe(true);
    expect(matches('瓦斯检查工', item('煤矿瓦斯检查作业'))).toBe(true);
    expect(matches('瓦斯检查工', item('煤矿瓦斯抽采作业'))).toBe(false);
    expect(matches('爆破工', item('煤矿井下爆破作业'))).toBe(true);
    expect(matches('爆破工', item('金属非金属矿山爆破作业'))).toBe(true);
    expect(matches('爆破工', item('煤矿井下电气作业'))).toBe(false);
    expect(matches('煤气工', item('煤气作业'))).toBe(true);
    expect(matches('化工仪表', item('化工自动化控制仪表作业'))).toBe(true);
    expect(matches('氯化工艺', item('氯化工艺作业'))).toBe(true);
    expect(matches('氧化工艺', item('过氧化工艺作业'))).toBe(false);
  });

  it('variants in brackets', () => {
    expect(matches('金属非金属矿山安全检查作业', item('金属非金属矿山安全检查作业（地下矿山）'))).toBe(true);
    expect(matches('司钻作业（钻井作业）', item('司钻作业(钻井作业)'))).toBe(true);
    expect(matches('司钻作业（钻井作业）', item('司钻作业（井下作业）'))).toBe(false);
    expect(matches('司钻作业（钻井作业）', item('司钻作业'))).toBe(true);
  });

  it('compares a certificate without an item by its category, and says so', () => {
    expect(matchesItem('高压电工', { category: '电工作业' })).toEqual({
      outcome: 'match',
      basis: 'category',
      note: '证书未写明操作项目，只按作业类别比对',
    });
    expect(matches('高压电工', { category: '焊接与热切割作业' })).toBe(false);
  });

  it('places 有限空间作业人员 as 有限空间作业 (a trailing 人员 is who does it)', () => {
    expect(matchesItem('有限空间作业人员', item('有限空间作业'))).toEqual({
      outcome: 'match',
      basis: 'item',
    });
  });
  it('normalises full-width letters, spaces and brackets', () => {
    expect(normaliseItemText(' 煤矿采煤机（掘进机）操作作业 ')).toBe('煤矿采煤机掘进机操作作业');
    expect(normaliseItemText('电工证')).toBe('电工');
    expect(matches('低压 电工', item('低压电工作业'))).toBe(true);
  });

  it('exposes its words for free text', () => {
    for (const w of [
      '电工',
      '高压电工',
      '低压电工',
      '焊工',
      '电焊工',
      '气焊工',
      '登高',
      '架子工',
      '高处作业',
      '制冷工',
      '空调工',
      '司钻',
      '瓦斯检查工',
      '爆破工',
      '煤气工',
      '化工仪表',
    ]) {
      expect(CATALOGUE_WORDS, w).toContain(w);
    }
  });
});

const WELDING = '熔化焊接与热切割作业';
const HIGH_INSTALL = '高处安装、维护、拆除作业';

describe('the work each item covers, in the words of its official definition (30号令 附件)', () => {
  // Written out here, apart from the data: the welding processes the definitions list, word by word.
  it.each([
    ['气焊', WELDING],
    ['气割', WELDING],
    ['气焊与气割', WELDING],
    ['焊条电弧焊', WELDING],
    ['碳弧气刨', WELDING],
    ['埋弧焊', WELDING],
    ['气体保护焊', WELDING],
    ['等离子弧焊', WELDING],
    ['电渣焊', WELDING],
    ['电子束焊', WELDING],
    ['激光焊', WELDING],
    ['氧熔剂切割', WELDING],
    ['激光切割', WELDING],
    ['等离子切割', WELDING],
    ['电阻焊', '压力焊作业'],
    ['气压焊', '压力焊作业'],
    ['爆炸焊', '压力焊作业'],
    ['摩擦焊', '压力焊作业'],
    ['冷压焊', '压力焊作业'],
    ['超声波焊', '压力焊作业'],
    ['锻焊', '压力焊作业'],
    ['火焰钎焊', '钎焊作业'],
    ['电阻钎焊', '钎焊作业'],
    ['感应钎焊', '钎焊作业'],
    ['浸渍钎焊', '钎焊作业'],
    ['炉中钎焊', '钎焊作业'],
    ['脚手架', '登高架设作业'],
    ['跨越架架设', '登高架设作业'],
    ['高处管道架设', HIGH_INSTALL],
    ['户外广告设施安装', HIGH_INSTALL],
    ['瓦斯巡检', '煤矿瓦斯检查作业'],
    ['立井提升机', '煤矿提升机操作作业'],
    ['撬浮石', '金属非金属矿山支柱作业'],
    ['钻井司钻', '司钻作业（钻井作业）'],
    ['煤气储存', '煤气作业'],
    ['取代氯化', '氯化工艺作业'],
    ['双氧水生产', '过氧化工艺作业'],
    ['潮碳', '黑火药制造作业'],
    ['切引', '引火线制造作业'],
    ['烟花爆竹仓库保管', '烟花爆竹储存作业'],
  ])('「%s」 is work of %s: only that item of its category matches', (word, covered) => {
    expect(resolveItemWord(word)?.items).toEqual([covered]);
    expect(matchesItem(word, item(covered))).toEqual({ outcome: 'match', basis: 'item' });
    const category = SPECIAL_OPERATIONS_CATALOGUE.find((c) => c.items.includes(covered));
    for (const other of category?.items.filter((i) => i !== covered) ?? [])
      expect(outcome(word, item(other)), other).toBe('mismatch');
  });

  it.each(Object.entries(ITEM_SCOPE).flatMap(([covered, words]) => words.map((w) => [w, covered] as const)))(
    'the scope word 「%s」 is placed on %s',
    (word, covered) => {
      expect(resolveItemWord(word)?.items).toContain(covered);
      expect(outcome(word, item(covered))).toBe('match');
      expect(outcome(word, { category: '烟花爆竹安全作业', item: '烟花爆竹储存作业' })).toBe(
        covered === '烟花爆竹储存作业' ? 'match' : 'mismatch',
      );
    },
  );

  it('keeps 烙铁钎焊 out, as the definition of 钎焊作业 does: never placed, never a mismatch', () => {
    expect(resolveItemWord('烙铁钎焊')).toBeUndefined();
    expect(matchesItem('烙铁钎焊', item('钎焊作业'))).toEqual({
      outcome: 'unknown',
      note: '「烙铁钎焊」不属于特种作业目录（钎焊作业不包括烙铁钎焊（特种作业目录 2.3）），未比对操作项目',
    });
    expect(outcome('烙铁钎焊', item('低压电工作业'))).toBe('unknown');
  });
});

describe('everyday words, each as people write it', () => {
  it.each([
    // word, a certificate it names, a certificate it does not (null: none in the catalogue it could mismatch here)
    ['电焊工', WELDING, '钎焊作业'],
    ['电焊', WELDING, '压力焊作业'],
    ['二保焊', WELDING, '压力焊作业'],
    ['二保焊工', WELDING, '钎焊作业'],
    ['二氧化碳保护焊', WELDING, '钎焊作业'],
    ['CO2保护焊', WELDING, '钎焊作业'],
    ['ＣＯ２保护焊', WELDING, '钎焊作业'],
    ['CO₂保护焊', WELDING, '钎焊作业'],
    ['氩弧焊', WELDING, '钎焊作业'],
    ['氩弧焊工', WELDING, '压力焊作业'],
    ['电气焊', WELDING, '压力焊作业'],
    ['电气焊工', WELDING, '低压电工作业'],
    ['气焊工', WELDING, '钎焊作业'],
    ['手工电弧焊', WELDING, '钎焊作业'],
    ['点焊', '压力焊作业', WELDING],
    ['焊工', '钎焊作业', '低压电工作业'],
    ['焊工证', '压力焊作业', '登高架设作业'],
    ['登高', '登高架设作业', '低压电工作业'],
    ['登高', HIGH_INSTALL, '低压电工作业'],
    ['登高证', HIGH_INSTALL, '低压电工作业'],
    ['登高证', '登高架设作业', WELDING],
    ['登高作业', HIGH_INSTALL, WELDING],
    ['高空作业', HIGH_INSTALL, WELDING],
    ['架子工', '登高架设作业', HIGH_INSTALL],
    ['脚手架工', '登高架设作业', HIGH_INSTALL],
    ['蜘蛛人', HIGH_INSTALL, '登高架设作业'],
    ['空调安装工', HIGH_INSTALL, '制冷与空调设备运行操作作业'],
    ['空调安装工', '制冷与空调设备安装修理作业', '制冷与空调设备运行操作作业'],
    ['电工', '防爆电气作业', WELDING],
    ['电工证', '高压电工作业', WELDING],
    ['电工（低压）', '低压电工作业', '高压电工作业'],
    ['电工(低压)', '低压电工作业', '高压电工作业'],
    ['电工-低压', '低压电工作业', '高压电工作业'],
    ['电工－高压', '高压电工作业', '低压电工作业'],
    ['电工作业 低压电工作业', '低压电工作业', '高压电工作业'],
    ['低压电工证', '低压电工作业', '高压电工作业'],
    ['焊工（氩弧焊）', WELDING, '钎焊作业'],
    ['电工、焊工', '低压电工作业', '登高架设作业'],
    ['电工、焊工', '钎焊作业', '登高架设作业'],
    ['危化', '氯化工艺作业', '煤气作业'],
    ['危化', '化工自动化控制仪表作业', WELDING],
    ['危化品', '加氢工艺作业', '煤气作业'],
    ['危险化学品', '聚合工艺作业', '煤气作业'],
    ['烟花爆竹', '烟火药制造作业', '煤气作业'],
    ['瓦斯抽放', '煤矿瓦斯抽采作业', '煤矿瓦斯检查作业'],
    ['监测监控工', '煤矿安全监测监控作业', '煤矿瓦斯检查作业'],
    ['井下爆破', '金属非金属矿山爆破作业', '煤矿井下电气作业'],
    ['有限空间作业人员', '有限空间作业', '低压电工作业'],
  ])('「%s」 names %s, not %s', (word, named, other) => {
    expect(outcome(word, item(named))).toBe('match');
    expect(outcome(word, item(other))).toBe('mismatch');
  });

  it.each([['特种作业'], ['特种作业人员'], ['特种作业操作证']])(
    '「%s」 names no particular work: any special-operations certificate, not a safety one',
    (word) => {
      for (const held of ['低压电工作业', WELDING, '烟花爆竹储存作业'])
        expect(outcome(word, item(held)), held).toBe('match');
      expect(outcome(word, { kind: 'safety' })).toBe('mismatch');
    },
  );

  it.each(EVERYDAY_WORDS.map(([word]) => [word]))('the everyday word 「%s」 is placed', (word) => {
    expect(resolveItemWord(word)?.items.length).toBeGreaterThan(0);
  });

  it.each([['钳工'], ['水电工'], ['电工（建筑）'], ['低压电工（复审）'], ['保安'], ['']])(
    'cannot place 「%s」: no match, no mismatch, a warning instead',
    (word) => {
      expect(resolveItemWord(word)).toBeUndefined();
      for (const cert of [item('低压电工作业'), item(WELDING), { category: '高处作业' }])
        expect(matchesItem(word, cert)).toEqual({
          outcome: 'unknown',
          note: `未能识别的工种「${word}」，未比对操作项目`,
        });
    },
  );
});

describe('what the certificate says', () => {
  const electrician = resolveItemWord('电工');
  const low = resolveItemWord('低压电工');
  if (electrician === undefined || low === undefined) throw new Error('电工 / 低压电工 not placed');

  it('cannot compare with a certificate naming neither category nor item', () => {
    expect(matchTerm(low, {})).toEqual({
      outcome: 'unknown',
      note: '证书没有写明作业类别和操作项目，未比对操作项目',
    });
  });

  it('compares an item the catalogue does not know by its category: same category unknown, other a mismatch', () => {
    expect(matchTerm(low, { category: '电工作业', item: '某省电工新项目' })).toMatchObject({
      outcome: 'unknown',
    });
    expect(matchTerm(low, { category: '焊接与热切割作业', item: '某省焊接新项目' })).toEqual({
      outcome: 'mismatch',
      basis: 'category',
    });
  });

  it('a safety-management certificate covers no special operation', () => {
    expect(matchTerm(electrician, { kind: 'safety' })).toEqual({ outcome: 'mismatch', basis: 'category' });
  });

  it('places an item once: a long word list is a map, not a scan', () => {
    expect(CATALOGUE_WORDS.length).toBeGreaterThan(300);
    expect(resolveItemWord('登高证')).toEqual(resolveItemWord('登高'));
  });
});
