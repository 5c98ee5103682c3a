/**
 * The lines a roster carries below its people that are no person: the signature line (填表人：李明　审核人：…
 * 联系电话：…, often merged across the row, so every column repeats it), a 合计 line, a 注：/备注： note. Told by
 * their label words, and by holding nothing like an ID number (a person's row with a note is still a person).
 */

/** A cell that starts with a form's label: 填表人：, 审核人：, 联系电话：, 备注：, 制表日期： … */
const LABEL =
  /^(填表人|填报人|填表|制表人|制表|审核人|审核|复核人|审批人|负责人|单位负责人|主管领导|经办人|联系人|联系电话|电话|备注|说明|注|填表日期|填报日期|制表日期|日期|单位（盖章）|单位\(盖章\)|盖章)[:：]/;

/** A totals line: 合计, 小计, 总计, 共计 … */
const TOTAL = /^(合计|小计|总计|共计)/;

/** An ID or certificate number, or one Excel turned into scientific notation. */
const ID_LIKE = /\d{15}|\d\.\d+E\+?\d+/i;

/** Whether a row's cells are a footer line rather than a person. */
export function isFooterLine(cells: readonly string[]): boolean {
  const filled = [...new Set(cells.map((c) => c.replace(/[\s\u3000]/g, '')).filter((c) => c !== ''))];
  if (filled.length === 0 || filled.some((c) => ID_LIKE.test(c))) return false;
  return filled.some((c) => LABEL.test(c) || TOTAL.test(c));
}
