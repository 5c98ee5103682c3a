/**
 * A report table (roster/write/table.ts) as an HTML table: the header row and the body rows, its merged cells as
 * rowspan / colspan, the cells they cover left out, number columns right-aligned.
 */
import type { ReportTable, TableCell, TableMerge } from '../../../roster/write/table.js';
import { type Html, html } from '../html.js';

/** Where each merge starts, and every cell a merge covers besides its first. */
function mergeMap(merges: readonly TableMerge[]) {
  const starts = new Map<string, TableMerge>();
  const covered = new Set<string>();
  for (const m of merges) {
    starts.set(`${m.top}:${m.left}`, m);
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
  }
  return { starts, covered };
}

/** `table`'s header and rows (its title and lines are the page's to show). */
export function reportTableHtml(table: ReportTable, className: string): Html {
  const { starts, covered } = mergeMap(table.merges ?? []);
  const cell = (tag: 'th' | 'td', row: number, col: number, value: TableCell): Html => {
    if (covered.has(`${row}:${col}`)) return html``;
    const m = starts.get(`${row}:${col}`);
    const span = m
      ? html`${m.bottom > m.top ? html` rowspan="${m.bottom - m.top + 1}"` : ''}${
          m.right > m.left ? html` colspan="${m.right - m.left + 1}"` : ''
        }`
      : '';
    const numeric = table.columns[col]?.kind === 'number' && typeof value === 'number';
    return tag === 'th'
      ? html`<th${span}>${value}</th>`
      : html`<td${span}${numeric ? html` class="num"` : ''}>${value}</td>`;
  };
  return html`<table class="${className}">
<thead><tr>${table.columns.map((c, i) => cell('th', 0, i, c.header))}</tr></thead>
<tbody>${table.rows.map(
    (r, i) => html`<tr>${table.columns.map((_, col) => cell('td', i + 1, col, r.cells[col] ?? ''))}</tr>
`,
  )}</tbody>
</table>`;
}
