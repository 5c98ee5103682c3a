/**
 * The lead list: the filter form (enterprise for staff, kind, case status, withdrawn or not, month, search by masked ID or name),
 * how many match, one page of leads with masked ID numbers, paging links, and the 线索清单 export of the filter.
 */
import { formatChinaTime } from '../../../domain/dates.js';
import { LEAD_KIND_LABELS, LEAD_KINDS } from '../../../domain/lead.js';
import { maskId } from '../../../domain/mask.js';
import { statusLabel } from '../../../domain/status.js';
import type { Session } from '../../auth/sessions.js';
import { CASE_STATUS_LABELS, CASE_STATUSES } from '../../cases.js';
import type { Enterprise, LeadPage } from '../../store/types.js';
import { type FilterForm, filterQuery, PAGE_SIZE } from '../filters.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';

/** What the list shows: the rows of one page and the count of all, or the problems of the filter. */
export type LeadListContent = LeadPage | { problems: string[] };

function option(value: string, label: string, selected: string): Html {
  return html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
}

function filterForm(session: Session, form: FilterForm, enterprises: readonly Enterprise[]): Html {
  return html`<form method="get" action="/leads" class="filters">
  ${
    session.user.role === 'staff'
      ? html`<label>企业 <select name="enterprise">${option('', '全部企业', form.enterprise)}${enterprises.map(
          (e) => option(String(e.id), e.name, form.enterprise),
        )}</select></label>`
      : ''
  }
  <label>线索类别 <select name="kind">${option('', '全部类别', form.kind)}${LEAD_KINDS.map((k) =>
    option(k, LEAD_KIND_LABELS[k], form.kind),
  )}</select></label>
  <label>案件状态 <select name="status">${option('', '全部状态', form.status)}${CASE_STATUSES.map((s) =>
    option(s, CASE_STATUS_LABELS[s], form.status),
  )}</select></label>
  <label>线索状态 <select name="state">${option('', '全部', form.state)}${option(
    'reported',
    '已上报',
    form.state,
  )}${option('withdrawn', '已撤回', form.state)}</select></label>
  <label>月份 <input name="month" type="month" placeholder="2026-11" value="${form.month}"></label>
  <label>搜索 <input name="q" type="search" placeholder="姓名或身份证号（可带 *）" maxlength="40" value="${form.q}"></label>
  <button type="submit">筛选</button>
  <a href="/leads">清除筛选</a>
</form>`;
}

/** Links to the pages before and after; past a capped count the number of pages is not known. */
function pager(form: FilterForm, content: LeadPage): Html {
  const pages = Math.max(1, Math.ceil(content.total / PAGE_SIZE));
  const more = form.page < pages || (content.totalCapped && content.rows.length === PAGE_SIZE);
  if (form.page === 1 && !more) return html``;
  return html`<nav class="pager" aria-label="分页">
  ${form.page > 1 ? html`<a href="/leads${filterQuery(form, form.page - 1)}" rel="prev">上一页</a>` : ''}
  <span>第 ${form.page} 页，${content.totalCapped ? html`${pages} 页以上` : html`共 ${pages} 页`}</span>
  ${more ? html`<a href="/leads${filterQuery(form, form.page + 1)}" rel="next">下一页</a>` : ''}
</nav>`;
}

function leadRow(lead: LeadPage['rows'][number]): Html {
  return html`<tr>
  <td><a href="/leads/${lead.id}">${lead.id}</a></td>
  <td>${formatChinaTime(lead.foundAt)}</td>
  <td>${lead.enterpriseName}</td>
  <td>${LEAD_KIND_LABELS[lead.kind]}</td>
  <td>${lead.name ?? ''}${lead.withdrawn ? html` <span class="badge withdrawn" title="${`撤回于 ${formatChinaTime(lead.withdrawn.at)}：${lead.withdrawn.reason}`}">已撤回</span>` : ''}</td>
  <td class="id">${maskId(lead.idNumber)}</td>
  <td>${lead.item ?? ''}</td>
  <td>${statusLabel(lead.status)}</td>
  <td><span class="case case-${lead.caseStatus}">${CASE_STATUS_LABELS[lead.caseStatus]}</span></td>
  <td>${lead.related > 0 ? html`<a href="/leads/${lead.id}#related">${lead.related} 条</a>` : ''}</td>
</tr>`;
}

/** The list page. */
export function leadsPage(options: {
  session: Session;
  form: FilterForm;
  enterprises: readonly Enterprise[];
  content: LeadListContent;
  /** A reminder above the list (the monthly table due). */
  notice?: Html;
}): Html {
  const { content, form } = options;
  const body =
    'problems' in content
      ? html`<div class="error" role="alert"><p>筛选条件有误，未显示线索：</p><ul>${content.problems.map(
          (p) => html`<li>${p}</li>`,
        )}</ul></div>`
      : html`<p class="count">${content.totalCapped ? '超过 ' : '共 '}<strong id="lead-total">${content.total}</strong> 条线索
  <a class="export" href="/leads/export.xlsx${filterQuery({ ...form, page: 1 })}">导出线索清单（xlsx）</a></p>
${
  content.rows.length === 0
    ? html`<p class="empty">没有符合条件的线索。</p>`
    : html`<table class="leads">
<thead><tr><th>编号</th><th>发现时间</th><th>企业</th><th>线索类别</th><th>姓名</th><th>身份证号</th><th>操作项目</th><th>核验结果</th><th>案件状态</th><th>同一人其他线索</th></tr></thead>
<tbody>${content.rows.map(leadRow)}</tbody>
</table>`
}
${pager(form, content)}`;
  return layout({
    title: '线索列表',
    session: options.session,
    active: 'leads',
    notice: options.notice,
    body: html`${filterForm(options.session, form, options.enterprises)}${body}`,
  });
}
