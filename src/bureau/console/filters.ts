/**
 * The lead list's filters read from a URL's query: enterprise, kind, case status, withdrawn or not (`state`), month, a search for a masked ID
 * or a name, and the page. A bad value is named in Chinese and the list is not shown, so a typo never passes for
 * "no leads"; the values are kept so the form shows what was sent.
 */
import { isLeadKind, type LeadKind } from '../../domain/lead.js';
import { isCaseStatus } from '../cases.js';
import { isMonth } from '../store/months.js';
import { type CaseStatus, type LeadFilter, MAX_LIST_OFFSET } from '../store/types.js';

/** Rows on one page of the list. */
export const PAGE_SIZE = 50;

/** The last page the list shows: a deeper page would make the database walk past more rows than it counts. */
export const MAX_PAGE = Math.floor(MAX_LIST_OFFSET / PAGE_SIZE) + 1;

/** The longest search text taken (a masked ID is 18 characters, a name a few). */
export const MAX_SEARCH_LENGTH = 40;

/** The filters as the form holds them (what was sent, trimmed). */
export interface FilterForm {
  enterprise: string;
  kind: string;
  status: string;
  /** `reported` | `withdrawn` | empty (both). */
  state: string;
  month: string;
  q: string;
  page: number;
}

/** The query read: the store's filter, or the reasons it could not be read. */
export type ParsedFilter =
  | { ok: true; form: FilterForm; filter: Omit<LeadFilter, 'limit' | 'offset'>; page: number }
  | { ok: false; form: FilterForm; problems: string[] };

/** The filters of `query`. */
export function parseLeadFilter(query: URLSearchParams): ParsedFilter {
  const get = (name: string) => (query.get(name) ?? '').trim();
  const pageText = get('page');
  const pageNumber = pageText === '' ? 1 : Number(pageText);
  const form: FilterForm = {
    enterprise: get('enterprise'),
    kind: get('kind'),
    status: get('status'),
    state: get('state'),
    month: get('month'),
    q: get('q'),
    page: Number.isSafeInteger(pageNumber) && pageNumber >= 1 ? pageNumber : 1,
  };
  const problems: string[] = [];
  let enterpriseId: number | undefined;
  if (form.enterprise !== '') {
    enterpriseId = /^\d{1,9}$/.test(form.enterprise) ? Number(form.enterprise) : undefined;
    if (!enterpriseId) problems.push('企业选择有误，请从列表中选择。');
  }
  let kind: LeadKind | undefined;
  if (form.kind !== '') {
    if (isLeadKind(form.kind)) kind = form.kind;
    else problems.push('线索类别有误，请从列表中选择。');
  }
  let caseStatus: CaseStatus | undefined;
  if (form.status !== '') {
    if (isCaseStatus(form.status)) caseStatus = form.status;
    else problems.push('案件状态有误，请从列表中选择。');
  }
  const state = form.state === 'reported' || form.state === 'withdrawn' ? form.state : undefined;
  if (form.state !== '' && !state) problems.push('线索状态有误，请从列表中选择。');
  if (form.month !== '' && !isMonth(form.month)) problems.push('月份应写作“年-月”，如 2026-11。');
  if (form.q.length > MAX_SEARCH_LENGTH) problems.push(`搜索内容太长，最多 ${MAX_SEARCH_LENGTH} 个字。`);
  if (pageText !== '' && !(/^\d{1,6}$/.test(pageText) && pageNumber >= 1)) problems.push('页码应为正整数。');
  else if (pageNumber > MAX_PAGE)
    problems.push(`列表最多翻到第 ${MAX_PAGE} 页，请按月份、企业或状态缩小范围后再查看。`);
  if (problems.length > 0) return { ok: false, form, problems };
  return {
    ok: true,
    form,
    page: form.page,
    filter: {
      ...(enterpriseId ? { enterpriseId } : {}),
      ...(kind ? { kind } : {}),
      ...(caseStatus ? { caseStatus } : {}),
      ...(state ? { state } : {}),
      ...(form.month ? { month: form.month } : {}),
      ...(form.q ? { search: form.q } : {}),
    },
  };
}

/** The query string of `form` (for links to other pages and the export), empty values left out. */
export function filterQuery(form: FilterForm, page?: number): string {
  const params = new URLSearchParams();
  for (const name of ['enterprise', 'kind', 'status', 'state', 'month', 'q'] as const)
    if (form[name] !== '') params.set(name, form[name]);
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
