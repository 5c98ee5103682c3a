/**
 * Monthly figures: the month range form, three charts (leads per month by kind, by enterprise, and the share
 * handed to the police) drawn by the service's own ECharts from data in an attribute (no inline script), the
 * same figures as a table for reading and printing, and the 月度统计 export of the range.
 */
import { LEAD_KIND_LABELS, LEAD_KINDS } from '../../../domain/lead.js';
import type { Session } from '../../auth/sessions.js';
import type { MonthFigures } from '../../store/types.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';

/** The data the chart script reads from `data-figures`. */
interface ChartData {
  months: string[];
  kinds: Array<{ label: string; counts: number[] }>;
  enterprises: Array<{ label: string; counts: number[] }>;
  referredShare: number[];
}

/** The charts' data of `figures`. */
function chartData(figures: readonly MonthFigures[]): ChartData {
  const names = new Map<number, string>();
  for (const month of figures) for (const e of month.byEnterprise) names.set(e.enterpriseId, e.name);
  return {
    months: figures.map((m) => m.month),
    kinds: LEAD_KINDS.map((kind) => ({
      label: LEAD_KIND_LABELS[kind],
      counts: figures.map((m) => m.byKind[kind]),
    })),
    enterprises: [...names].map(([id, name]) => ({
      label: name,
      counts: figures.map((m) => m.byEnterprise.find((e) => e.enterpriseId === id)?.count ?? 0),
    })),
    referredShare: figures.map((m) => share(m)),
  };
}

function share(month: MonthFigures): number {
  return month.total === 0 ? 0 : Math.round((month.referred / month.total) * 1000) / 10;
}

/** The figures page for months `from` … `to`; `problem` says why the range was not read. */
export function figuresPage(options: {
  session: Session;
  from: string;
  to: string;
  figures: readonly MonthFigures[];
  problem?: string;
}): Html {
  const { figures, from, to } = options;
  const form = html`<form method="get" action="/figures" class="filters">
  <label>起始月份 <input name="from" type="month" value="${from}" required></label>
  <label>截止月份 <input name="to" type="month" value="${to}" required></label>
  <button type="submit">统计</button>
  ${options.problem ? '' : html`<a class="export" href="/figures/export.xlsx?from=${from}&amp;to=${to}">导出月度统计（xlsx）</a>`}
</form>`;
  if (options.problem)
    return layout({
      title: '月度统计',
      session: options.session,
      active: 'figures',
      body: html`${form}<p class="error" role="alert">${options.problem}</p>`,
    });
  const data = JSON.stringify(chartData(figures));
  return layout({
    title: '月度统计',
    session: options.session,
    active: 'figures',
    scripts: ['/assets/echarts.min.js', '/assets/figures.js'],
    body: html`${form}
<div id="figures" data-figures="${data}">
  <section><h2>各月线索（按类别）</h2><div class="chart" id="chart-kind"></div></section>
  <section><h2>各月线索（按企业）</h2><div class="chart" id="chart-enterprise"></div></section>
  <section><h2>移送公安比例</h2><div class="chart" id="chart-referred"></div></section>
</div>
<h2>数据表</h2>
<table class="figures">
<thead><tr><th>月份</th>${LEAD_KINDS.map((k) => html`<th>${LEAD_KIND_LABELS[k]}</th>`)}<th>合计</th><th>已移送公安</th><th>移送比例</th></tr></thead>
<tbody>${figures.map(
      (m) =>
        html`<tr><td>${m.month}</td>${LEAD_KINDS.map((k) => html`<td>${m.byKind[k]}</td>`)}<td>${m.total}</td><td>${
          m.referred
        }</td><td>${share(m)}%</td></tr>`,
    )}</tbody>
</table>`,
  });
}
