/**
 * One lead: its fields (the full ID number for bureau staff only), the evidence, leads about the same person
 * from other enterprises, the case's history, and for staff the moves the workflow allows with a note.
 */
import { formatChinaTime } from '../../../domain/dates.js';
import { LEAD_KIND_LABELS } from '../../../domain/lead.js';
import { statusLabel } from '../../../domain/status.js';
import { displayId } from '../../../roster/write/report-rows.js';
import type { Session } from '../../auth/sessions.js';
import { CASE_STATUS_LABELS, nextCaseStatuses } from '../../cases.js';
import type { CaseEvent, Lead } from '../../store/types.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';
import { evidenceHtml } from './evidence.js';

/** Whether the reader of a session sees full ID numbers: bureau staff, who hand leads to the police. */
export function seesFullIds(session: Session): boolean {
  return session.user.role === 'staff';
}

/** Whether the reader may move cases: the bureau's staff; an enterprise sees its cases but does not decide them. */
export function movesCases(session: Session): boolean {
  return session.user.role === 'staff';
}

function statusForm(session: Session, lead: Lead, note: string): Html {
  const next = nextCaseStatuses(lead.caseStatus);
  if (!movesCases(session)) return html``;
  if (next.length === 0) return html`<p class="hint">本案已结案，状态不再变更。</p>`;
  return html`<form method="post" action="/leads/${lead.id}/status" class="status">
  <input type="hidden" name="csrf" value="${session.csrfToken}">
  <input type="hidden" name="from" value="${lead.caseStatus}">
  <label>处理说明 <textarea name="note" maxlength="1000" rows="3" placeholder="如：已电话核实，证件系伪造，移送某某派出所">${note}</textarea></label>
  <div class="buttons">${next.map(
    (to) => html`<button type="submit" name="to" value="${to}">改为「${CASE_STATUS_LABELS[to]}」</button>`,
  )}</div>
</form>`;
}

function historyTable(events: readonly CaseEvent[]): Html {
  if (events.length === 0) return html`<p class="empty">尚无状态变更。</p>`;
  return html`<table class="history">
<thead><tr><th>时间</th><th>操作人</th><th>变更</th><th>说明</th></tr></thead>
<tbody>${events.map(
    (e) =>
      html`<tr><td>${formatChinaTime(e.at)}</td><td>${e.by}</td><td>${e.from ? CASE_STATUS_LABELS[e.from] : '（新建）'} → ${
        CASE_STATUS_LABELS[e.to]
      }</td><td>${e.note}</td></tr>`,
  )}</tbody>
</table>`;
}

function relatedTable(related: readonly Lead[], fullIds: boolean): Html {
  if (related.length === 0) return html`<p class="empty">没有同一身份证号的其他线索。</p>`;
  return html`<table class="related">
<thead><tr><th>编号</th><th>发现时间</th><th>企业</th><th>线索类别</th><th>姓名</th><th>身份证号</th><th>案件状态</th></tr></thead>
<tbody>${related.map(
    (r) =>
      html`<tr><td><a href="/leads/${r.id}">${r.id}</a></td><td>${formatChinaTime(r.foundAt)}</td><td>${
        r.enterpriseName
      }</td><td>${LEAD_KIND_LABELS[r.kind]}</td><td>${r.name ?? ''}</td><td class="id">${displayId(r.idNumber, fullIds)}</td><td>${
        CASE_STATUS_LABELS[r.caseStatus]
      }</td></tr>`,
  )}</tbody>
</table>`;
}

/** The lead page; `problem` is why the last move was refused, when it was, and `note` what was typed with it. */
export function leadPage(options: {
  session: Session;
  lead: Lead;
  related: readonly Lead[];
  history: readonly CaseEvent[];
  problem?: string;
  note?: string;
}): Html {
  const { lead, session } = options;
  const fullIds = seesFullIds(session);
  const field = (label: string, value: string, className = '') =>
    html`<dt>${label}</dt><dd${className ? html` class="${className}"` : ''}>${value}</dd>`;
  return layout({
    title: `线索 ${lead.id}`,
    session,
    active: 'leads',
    body: html`${options.problem ? html`<p class="error" role="alert">${options.problem}</p>` : ''}
<section class="lead">
${
  lead.withdrawn
    ? html`<p class="withdrawn" role="status"><span class="badge withdrawn">已撤回</span> 上报企业于 ${formatChinaTime(
        lead.withdrawn.at,
      )} 撤回了这条线索：${lead.withdrawn.reason}。线索与处理记录仍保留；如无需继续处理，可结案。</p>`
    : ''
}
<dl class="fields">
${field('线索状态', lead.withdrawn ? '已撤回' : '已上报', lead.withdrawn ? 'withdrawn' : '')}
${lead.withdrawn ? field('撤回时间', formatChinaTime(lead.withdrawn.at)) : ''}
${lead.withdrawn ? field('撤回原因', lead.withdrawn.reason) : ''}
${field('案件状态', CASE_STATUS_LABELS[lead.caseStatus], `case case-${lead.caseStatus}`)}
${field('线索类别', LEAD_KIND_LABELS[lead.kind])}
${field('核验结果', statusLabel(lead.status))}
${field('上报企业', lead.enterpriseName)}
${field('姓名', lead.name ?? '')}
${field('身份证号', displayId(lead.idNumber, fullIds), 'id')}
${field('操作项目', lead.item ?? '')}
${field('发现时间', formatChinaTime(lead.foundAt))}
${field('接收时间', formatChinaTime(lead.receivedAt))}
${field('企业记录编号', lead.sourceId)}
</dl>
${statusForm(session, lead, options.note ?? '')}
</section>
<h2>证据</h2>
<section class="evidence">${evidenceHtml(lead.evidence, fullIds)}</section>
<h2 id="related">同一人的其他线索</h2>
${relatedTable(options.related, fullIds)}
<h2>处理记录</h2>
${historyTable(options.history)}`,
  });
}
