import { describe, expect, it } from 'vitest';
import { isFooterLine } from '../../src/roster/read/footer-line.js';
import { validId } from './files.js';

const SIGNED = '填表人：李明　审核人：王强　联系电话：0571-88886666';

describe('isFooterLine', () => {
  it.each([
    ['a signature line merged across the row', [SIGNED, SIGNED, SIGNED, SIGNED]],
    ['a signature line in separate cells', ['填表人：', '李明', '审核人：', '王强']],
    ['a totals line', ['合计', '', '共 36 人']],
    ['a note', ['注：身份证号请填写 18 位']],
    ['a date line', ['', '制表日期：2026年3月1日']],
  ])('%s is no person', (_, cells) => {
    expect(isFooterLine(cells)).toBe(true);
  });

  it.each([
    ['a person', ['1', '张三', validId(1), '机修车间']],
    ['a person whose ID is in scientific notation', ['2', '李四', '4.40104199005170E+17', '备注：已调岗']],
    ['a person without an ID, with a plain note', ['3', '王五', '', '已离职']],
    ['an empty row', ['', '', '']],
  ])('%s is not a footer', (_, cells) => {
    expect(isFooterLine(cells)).toBe(false);
  });
});
