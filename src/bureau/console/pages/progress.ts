/**
 * The monthly statistics page (bureau staff): the month picker, the month's 附件3 table as it will be filed
 * (本月数据 and 累计数据) with its xlsx download, the enterprises' self-check reports behind its 生产经营单位 rows,
 * the form for the figures staff enter (with 填表人 and 联系电话; the version it was shown at, so a save over a
 * colleague's newer one is refused), and the history of those figures (who, when, what changed).
 */
import { formatChinaTime } from '../../../domain/dates.js';
import type { ReportTable } from '../../../roster/write/table.js';
import type { Session } from '../../auth/sessions.js';
import {
  type FormLine,
  PROGRESS_BLOCKS,
  STAFF_FIGURE_KEYS,
  type StaffFigureKey,
  staffFigureLabel,
} from '../../progress/form.js';
import { monthInWords } from '../../progress/table.js';
import type { StaffChange, StaffEntry, StoredSelfCheck } from '../../progress/types.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';
import { reportTableHtml } from './report-table.js';

/** What the staff form shows: the values (as typed, or as stored) and the version it edits. */
export interface StaffForm {
  values: Record<StaffFigureKey | 'filledBy' | 'phone', string>;
  /** The stored month's `updatedAt`; empty when the month has none yet. */
  version: string;
}

/** The form's values of a stored entry (or blanks). */
export function formValues(entry: StaffEntry | undefined): StaffForm['values'] {
  const values = Object.fromEntries(
    STAFF_FIGURE_KEYS.map((key) => [key, entry ? String(entry.figures[key]) : '']),
  ) as StaffForm['values'];
  values.filledBy = entry?.filledBy ?? '';
  values.phone = entry?.phone ?? '';
  return values;
}

/** The reminder that `month`'s table is due by `dueBy`, linking to it. */
export function dueNotice(due: { month: string; dueBy: string }): Html {
  const [year, month, day] = due.dueBy.split('-').map(Number);
  return html`<p class="reminder" role="status">提醒：${monthInWords(due.month)}的《专项整治工作进展情况统计表》须于 ${year}年${month}月${day}日前报送市应急管理局，请核对企业自查数据并填写局端数据。<a href="/progress?month=${due.month}">去填写</a></p>`;
}

function staffFormHtml(session: Session, month: string, form: StaffForm): Html {
  const isStaff = (line: FormLine): line is FormLine & { key: StaffFigureKey } =>
    (STAFF_FIGURE_KEYS as readonly string[]).includes(line.key);
  const input = (line: FormLine & { key: StaffFigureKey }) =>
    html`<label>${line.label} <input name="${line.key}" inputmode="numeric" value="${form.values[line.key]}"></label>`;
  return html`<form method="post" action="/progress/figures" class="progress-figures">
  <input type="hidden" name="csrf" value="${session.csrfToken}">
  <input type="hidden" name="month" value="${month}">
  <input type="hidden" name="version" value="${form.version}">
  ${PROGRESS_BLOCKS.filter((block) => block.lines.some(isStaff)).map(
    (block) =>
      html`<fieldset><legend>${[block.category, block.unit].filter(Boolean).join(' · ')}</legend>${block.lines
        .filter(isStaff)
        .map(
          input,
        )}${block.sub ? html`<span class="sub">${block.sub.word}</span>${block.sub.lines.filter(isStaff).map(input)}` : ''}</fieldset>`,
  )}
  <fieldset><legend>填表</legend>
    <label>填表人 <input name="filledBy" maxlength="50" value="${form.values.filledBy}"></label>
    <label>联系电话 <input name="phone" maxlength="30" value="${form.values.phone}"></label>
  </fieldset>
  <p class="hint">空白按 0 计；金额以元为单位，填整数。</p>
  <button type="submit">保存本月局端数据</button>
</form>`;
}

function selfChecksHtml(selfChecks: readonly StoredSelfCheck[]): Html {
  if (selfChecks.length === 0) return html`<p class="empty">本月还没有企业上报自查情况。</p>`;
  return html`<table class="self-checks">
<thead><tr><th>企业</th><th>自查人数</th><th>发现问题（条）</th><th>统计时间</th><th>接收时间</th></tr></thead>
<tbody>${selfChecks.map(
    (s) =>
      html`<tr><td>${s.enterpriseName}</td><td class="num">${s.people}</td><td class="num">${s.problems}</td><td>${formatChinaTime(
        s.at,
      )}</td><td>${formatChinaTime(s.receivedAt)}</td></tr>`,
  )}</tbody>
</table>`;
}

/** What changed between two entries, in words (the month's first entry: the figures it set above 0). */
function changesOf(change: StaffChange): string {
  const parts: string[] = [];
  for (const key of STAFF_FIGURE_KEYS) {
    const before = change.before?.figures[key];
    const after = change.after.figures[key];
    if (before === undefined ? after !== 0 : before !== after)
      parts.push(`${staffFigureLabel(key)}：${before ?? '（空）'} → ${after}`);
  }
  for (const [key, label] of [
    ['filledBy', '填表人'],
    ['phone', '联系电话'],
  ] as const) {
    const before = change.before?.[key];
    if (before !== change.after[key])
      parts.push(`${label}：${before || '（空）'} → ${change.after[key] || '（空）'}`);
  }
  return parts.length > 0 ? parts.join('；') : '未改动';
}

function historyHtml(history: readonly StaffChange[]): Html {
  if (history.length === 0) return html`<p class="empty">本月的局端数据还没有人填写。</p>`;
  return html`<table class="history">
<thead><tr><th>时间</th><th>操作人</th><th>改动</th></tr></thead>
<tbody>${history.map(
    (c) => html`<tr><td>${formatChinaTime(c.at)}</td><td>${c.by}</td><td>${changesOf(c)}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The monthly statistics page of `month`; `problems`: why the last save was refused. */
export function progressPage(options: {
  session: Session;
  month: string;
  since: string;
  table: ReportTable;
  selfChecks: readonly StoredSelfCheck[];
  form: StaffForm;
  history: readonly StaffChange[];
  notice?: Html;
  problems?: readonly string[];
}): Html {
  const { month } = options;
  return layout({
    title: '专项整治工作进展情况统计表',
    session: options.session,
    active: 'progress',
    notice: options.notice,
    body: html`<form method="get" action="/progress" class="filters">
  <label>统计月份 <input name="month" type="month" value="${month}" required></label>
  <button type="submit">查看</button>
  <a class="export" href="/progress/export.xlsx?month=${month}">下载本月统计表（xlsx）</a>
</form>
${options.problems?.length ? html`<div class="error" role="alert">${options.problems.map((p) => html`<p>${p}</p>`)}</div>` : ''}
<h2>${options.table.title}</h2>
<p class="hint">统计月份：${monthInWords(month)}；累计数据自 ${monthInWords(options.since)} 起。生产经营单位两行来自各企业机器人上报的自查情况，其余由局端填写。</p>
${reportTableHtml(options.table, 'progress')}
<h2>企业上报的自查情况（${monthInWords(month)}）</h2>
${selfChecksHtml(options.selfChecks)}
<h2>局端数据（${monthInWords(month)}）</h2>
${staffFormHtml(options.session, month, options.form)}
<h2>修改记录</h2>
${historyHtml(options.history)}`,
  });
}
