import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_WORDS,
  type CertItemFields,
  matchesItem,
  normaliseItemText,
  resolveItemWord,
  SPECIAL_OPERATIONS_CATALOGUE,
} from '../../src/domain/catalogue.js';

const matches = (roster: string, cert: CertItemFields) => matchesItem(roster, cert).matches;
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
    expect(resolveItemWord('电工')?.category).toBe('电工作业');
    expect(matches('电工', { category: '电工作业', item: '低压电工作业' })).toBe(true);
    expect(matches('电工', item('高压电工作业'))).toBe(true);
    expect(matches('电工证', item('防爆电气作业'))).toBe(true);
    expect(matches('电工', item('熔化焊接与热切割作业'))).toBe(false);
    expect(matchesItem('电工', item('高压电工作业')).basis).toBe('category');
  });

  it('高压电工 / 低压电工 are single items', () => {
    expect(matches('高压电工', item('高压电工作业'))).toBe(true);
    expect(matches('高压电工', item('低压电工作业'))).toBe(false);
    expect(matches('低压电工', { category: '电工作业', item: '低压电工作业' })).toBe(true);
    expect(matches('低压电工作业', item('高压电工作业'))).toBe(false);
    expect(matchesItem('高压电工', item('高压电工作业')).basis).toBe('item');
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
    const m = matchesItem('高压电工', { category: '电工作业' });
    expect(m).toMatchObject({ matches: true, basis: 'category' });
    expect(m.note).toContain('未写明操作项目');
    expect(matches('高压电工', { category: '焊接与热切割作业' })).toBe(false);
  });

  it('falls back to a normalised contains-match for unknown words, and says so', () => {
    const m = matchesItem('有限空间作业人员', item('有限空间作业'));
    expect(m).toMatchObject({ matches: true, basis: 'text' });
    expect(m.note).toContain('不在特种作业目录中');
    expect(matchesItem('叉车司机', item('低压电工作业'))).toMatchObject({ matches: false, basis: 'text' });
    expect(matches('某某', {})).toBe(false);
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
