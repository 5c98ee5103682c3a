/**
 * The figures routes: the charts page of a month range and its 月度统计 export. The range defaults to the last
 * twelve months in China time; a bad range is named in Chinese.
 */
import { addMonths, todayInChina } from '../../domain/dates.js';
import { isMonth, monthsBetween } from '../store/months.js';
import type { RouteContext } from './context.js';
import { EXPORT_LIMIT, gatherLeads, statsWorkbook } from './exports.js';
import { figuresPage } from './pages/figures.js';
import { messagePage } from './pages/message.js';
import { htmlResponse, xlsxResponse } from './respond.js';
import type { ConsoleResponse } from './types.js';

/** The longest range shown or exported at once. */
export const MAX_MONTHS = 36;

/** Months since year 0 of `month` (YYYY-MM). */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

type MonthRange = { from: string; to: string; problem?: string };

/** The range of `query` (`from`, `to`: YYYY-MM), or the default one, with why it cannot be used. */
function monthRange(query: URLSearchParams, now: Date): MonthRange {
  const thisMonth = todayInChina(now).slice(0, 7);
  const to = (query.get('to') ?? '').trim() || thisMonth;
  const from = (query.get('from') ?? '').trim() || addMonths(`${to}-01`, -11).slice(0, 7);
  if (!isMonth(from) || !isMonth(to)) return { from, to, problem: '月份应写作“年-月”，如 2026-11。' };
  if (from > to) return { from, to, problem: '起始月份不能晚于截止月份。' };
  if (monthIndex(to) - monthIndex(from) >= MAX_MONTHS)
    return { from, to, problem: `一次最多统计 ${MAX_MONTHS} 个月，请缩短时段。` };
  return { from, to };
}

/** GET /figures */
export async function figuresRoute(context: RouteContext): Promise<ConsoleResponse> {
  const range = monthRange(context.request.url.searchParams, context.now);
  if (range.problem)
    return htmlResponse(400, figuresPage({ session: context.session, ...range, figures: [] }));
  const figures = await context.deps.store.monthlyFigures(context.scope, range.from, range.to);
  return htmlResponse(200, figuresPage({ session: context.session, ...range, figures }));
}

/** GET /figures/export.xlsx */
export async function exportFiguresRoute(context: RouteContext): Promise<ConsoleResponse> {
  const { session, scope, deps } = context;
  const range = monthRange(context.request.url.searchParams, context.now);
  if (range.problem) return htmlResponse(400, messagePage('无法导出', range.problem, session));
  const leads = [];
  for (const month of monthsBetween(range.from, range.to)) {
    const gathered = await gatherLeads(deps.store, scope, { month });
    if ('tooMany' in gathered || leads.length + gathered.leads.length > EXPORT_LIMIT)
      return htmlResponse(
        400,
        messagePage(
          '无法导出',
          `该时段的线索超过一次导出的上限 ${EXPORT_LIMIT} 条，请缩短时段后再导出。`,
          session,
        ),
      );
    leads.push(...gathered.leads);
  }
  const [own] = scope.role === 'enterprise' ? await deps.store.enterprisesWithCounts(scope) : [];
  const today = todayInChina(context.now);
  const body = await statsWorkbook(leads, {
    unit: own?.name ?? '全部上报企业',
    today,
    fromMonth: range.from,
    toMonth: range.to,
  });
  return xlsxResponse(`月度统计-${range.from}至${range.to}.xlsx`, body);
}
