/**
 * The lead routes: the list with its filters, the 线索清单 export of a filter, one lead, and moving its case. A
 * lead the session's scope may not see is "not found" (404) wherever its id is guessed, never "forbidden".
 */
import { todayInChina } from '../../domain/dates.js';
import { CASE_STATUS_LABELS, CaseChangeError, caseMoveProblem, isCaseStatus } from '../cases.js';
import type { Enterprise } from '../store/types.js';
import type { RouteContext } from './context.js';
import { EXPORT_LIMIT, gatherLeads, leadsWorkbook } from './exports.js';
import { PAGE_SIZE, parseLeadFilter } from './filters.js';
import { leadPage, movesCases, seesFullIds } from './pages/lead.js';
import { leadsPage } from './pages/leads.js';
import { messagePage } from './pages/message.js';
import { dueNoticeFor } from './progress-routes.js';
import { htmlResponse, redirect, xlsxResponse } from './respond.js';
import type { ConsoleResponse } from './types.js';

/** The longest note kept with a move. */
export const MAX_NOTE_LENGTH = 1000;

async function enterprisesFor(context: RouteContext): Promise<Enterprise[]> {
  return context.session.user.role === 'staff' ? context.deps.store.listEnterprises() : [];
}

/** GET /leads */
export async function listRoute(context: RouteContext): Promise<ConsoleResponse> {
  const parsed = parseLeadFilter(context.request.url.searchParams);
  const enterprises = await enterprisesFor(context);
  if (!parsed.ok)
    return htmlResponse(
      400,
      leadsPage({
        session: context.session,
        form: parsed.form,
        enterprises,
        content: { problems: parsed.problems },
      }),
    );
  const result = await context.deps.store.listLeads(context.scope, {
    ...parsed.filter,
    limit: PAGE_SIZE,
    offset: (parsed.page - 1) * PAGE_SIZE,
  });
  const notice = dueNoticeFor(context);
  return htmlResponse(
    200,
    leadsPage({
      session: context.session,
      form: parsed.form,
      enterprises,
      content: result,
      ...(notice && { notice }),
    }),
  );
}

/** GET /leads/export.xlsx */
export async function exportLeadsRoute(context: RouteContext): Promise<ConsoleResponse> {
  const { session, scope, deps } = context;
  const parsed = parseLeadFilter(context.request.url.searchParams);
  if (!parsed.ok) return htmlResponse(400, messagePage('无法导出', parsed.problems.join(''), session));
  const gathered = await gatherLeads(deps.store, scope, parsed.filter);
  if ('tooMany' in gathered)
    return htmlResponse(
      400,
      messagePage(
        '无法导出',
        `符合条件的线索超过一次导出的上限 ${EXPORT_LIMIT} 条，请按月份或企业缩小范围后再导出。`,
        session,
      ),
    );
  const [own] = scope.role === 'enterprise' ? await deps.store.enterprisesWithCounts(scope) : [];
  const filtered = (await enterprisesFor(context)).find((e) => e.id === parsed.filter.enterpriseId);
  const unit = own?.name ?? filtered?.name ?? '全部上报企业';
  const today = todayInChina(context.now);
  const body = await leadsWorkbook(
    gathered.leads,
    { unit, today, fromMonth: parsed.filter.month, toMonth: parsed.filter.month },
    seesFullIds(session),
  );
  return xlsxResponse(`疑似假证线索清单-${parsed.filter.month ?? today}.xlsx`, body);
}

const notFound = (context: RouteContext) =>
  htmlResponse(404, messagePage('没有这条线索', '没有这条线索，或您无权查看。', context.session));

/** GET /leads/:id (`refused`: a move refused, shown on the page with the note that was typed). */
export async function leadRoute(
  context: RouteContext,
  id: number,
  refused?: { status: number; problem: string; note: string },
): Promise<ConsoleResponse> {
  const { store } = context.deps;
  const lead = await store.getLead(context.scope, id);
  if (!lead) return notFound(context);
  const [related, history] = await Promise.all([
    store.relatedLeads(context.scope, id),
    store.history(context.scope, id),
  ]);
  return htmlResponse(
    refused?.status ?? 200,
    leadPage({
      session: context.session,
      lead,
      related,
      history,
      problem: refused?.problem,
      note: refused?.note,
    }),
  );
}

/** POST /leads/:id/status: form fields `to`, `from` (the status the page showed) and `note`. */
export async function statusRoute(context: RouteContext, id: number): Promise<ConsoleResponse> {
  const { store } = context.deps;
  const lead = await store.getLead(context.scope, id);
  if (!lead) return notFound(context);
  if (!movesCases(context.session))
    return htmlResponse(
      403,
      messagePage('不能变更状态', '案件状态由应急管理局工作人员变更。', context.session),
    );
  const to = context.form.get('to');
  const note = (context.form.get('note') ?? '').trim();
  const refuse = (problem: string) => leadRoute(context, id, { status: 409, problem, note });
  if (!isCaseStatus(to)) return refuse('请选择要改为的状态。');
  if (context.form.get('from') !== lead.caseStatus)
    return refuse(`这条线索的状态已被他人改为「${CASE_STATUS_LABELS[lead.caseStatus]}」，请核对后再操作。`);
  const problem = caseMoveProblem(lead.caseStatus, to);
  if (problem) return refuse(`${problem}。`);
  if (note.length > MAX_NOTE_LENGTH) return refuse(`处理说明太长，最多 ${MAX_NOTE_LENGTH} 字。`);
  try {
    await store.changeCaseStatus(context.scope, id, to, context.session.user.login, note);
  } catch (error) {
    // Another instance moved it between the check above and the change.
    if (error instanceof CaseChangeError) return refuse(`${error.message}。`);
    throw error;
  }
  return redirect(`/leads/${id}`);
}
