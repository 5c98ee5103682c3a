/**
 * The monthly statistics routes, for bureau staff only (an enterprise admin gets "no such page"): the month's
 * page, its xlsx download, and saving the figures staff enter — each figure a whole number not below 0 (blank
 * counts 0), 填表人 and 联系电话 checked, the save refused with the typed values kept when something is wrong or a
 * colleague saved the month meanwhile.
 */
import { todayInChina } from '../../domain/dates.js';
import { hasHiddenChars } from '../../domain/hidden-chars.js';
import { progressDue } from '../progress/due.js';
import { STAFF_FIGURE_KEYS, staffFigureLabel } from '../progress/form.js';
import { type ProgressSettings, progressData, progressFile, progressFileName } from '../progress/report.js';
import { buildProgressTable } from '../progress/table.js';
import { type StaffEntry, StaleFiguresError } from '../progress/types.js';
import { isMonth } from '../store/months.js';
import type { RouteContext } from './context.js';
import type { Html } from './html.js';
import { messagePage } from './pages/message.js';
import { dueNotice, formValues, progressPage, type StaffForm } from './pages/progress.js';
import { htmlResponse, redirect, xlsxResponse } from './respond.js';
import type { ConsoleResponse } from './types.js';

/** The table's settings when the console was given none. */
const NO_SETTINGS: ProgressSettings = { region: '', campaignStartMonth: '' };

/** The largest figure taken (a fine in 元 fits). */
const MAX_FIGURE = 1_000_000_000_000;

const notFound = (context: RouteContext) =>
  htmlResponse(404, messagePage('页面不存在', '没有这个页面，或您无权查看。', context.session));

/** The reminder that the month's table is due (from the 25th), for bureau staff where the table is kept. */
export function dueNoticeFor(context: RouteContext): Html | undefined {
  const due = progressDue(context.now);
  return due && context.deps.progress && context.session.user.role === 'staff' ? dueNotice(due) : undefined;
}

/** The month asked for (default: this month in China time), or why it cannot be shown. */
function monthOf(text: string | null, now: Date): { month: string } | { problem: string } {
  const thisMonth = todayInChina(now).slice(0, 7);
  const month = (text ?? '').trim() || thisMonth;
  if (!isMonth(month)) return { problem: '月份应写作“年-月”，如 2026-11。' };
  if (month > thisMonth) return { problem: `${month} 还没到，不能统计。` };
  return { month };
}

/** The form's figures and lines, or its problems with what was typed. */
function parseStaffForm(form: URLSearchParams): { entry: StaffEntry } | { problems: string[] } {
  const problems: string[] = [];
  const figures = {} as StaffEntry['figures'];
  for (const key of STAFF_FIGURE_KEYS) {
    const text = (form.get(key) ?? '').trim();
    const value = text === '' ? 0 : Number(text);
    if (!/^\d*$/.test(text) || value > MAX_FIGURE)
      problems.push(`「${staffFigureLabel(key)}」应为不小于 0 的整数，收到「${text.slice(0, 20)}」。`);
    figures[key] = value;
  }
  const line = (name: string, label: string, max: number, pattern?: RegExp) => {
    const text = (form.get(name) ?? '').trim();
    if (text.length > max) problems.push(`${label}最多 ${max} 个字。`);
    else if (hasHiddenChars(text)) problems.push(`${label}不能含控制字符或不可见的字符。`);
    else if (pattern && !pattern.test(text)) problems.push(`${label}只能写数字、空格和 - + ( ) 转。`);
    return text;
  };
  const filledBy = line('filledBy', '填表人', 50);
  const phone = line('phone', '联系电话', 30, /^[\d\s()+\-转]*$/);
  return problems.length > 0 ? { problems } : { entry: { figures, filledBy, phone } };
}

/** The page of `month`; `refused`: a save refused, with the form as typed. */
async function showMonth(
  context: RouteContext,
  month: string,
  refused?: { status: number; problems: string[]; form: StaffForm },
): Promise<ConsoleResponse> {
  const progress = context.deps.progress;
  if (!progress) return notFound(context);
  const data = await progressData(progress, month, context.deps.progressSettings ?? NO_SETTINGS);
  const own = data.staff.find((s) => s.month === month);
  const notice = dueNoticeFor(context);
  return htmlResponse(
    refused?.status ?? 200,
    progressPage({
      session: context.session,
      month,
      since: data.since,
      table: buildProgressTable(data),
      selfChecks: data.selfChecks.filter((s) => s.month === month),
      form: refused?.form ?? { values: formValues(own), version: own?.updatedAt ?? '' },
      history: await progress.staffHistory(month),
      ...(notice && { notice }),
      ...(refused && { problems: refused.problems }),
    }),
  );
}

/** GET /progress */
export async function progressRoute(context: RouteContext): Promise<ConsoleResponse> {
  if (context.session.user.role !== 'staff') return notFound(context);
  const asked = monthOf(context.request.url.searchParams.get('month'), context.now);
  if ('problem' in asked) return htmlResponse(400, messagePage('无法统计', asked.problem, context.session));
  return showMonth(context, asked.month);
}

/** GET /progress/export.xlsx */
export async function exportProgressRoute(context: RouteContext): Promise<ConsoleResponse> {
  const { progress } = context.deps;
  if (context.session.user.role !== 'staff' || !progress) return notFound(context);
  const asked = monthOf(context.request.url.searchParams.get('month'), context.now);
  if ('problem' in asked) return htmlResponse(400, messagePage('无法导出', asked.problem, context.session));
  const data = await progressData(progress, asked.month, context.deps.progressSettings ?? NO_SETTINGS);
  return xlsxResponse(
    progressFileName(asked.month, 'xlsx'),
    await progressFile(buildProgressTable(data), 'xlsx'),
  );
}

/** POST /progress/figures: the month, the version the form was shown at, every figure, 填表人 and 联系电话. */
export async function saveProgressRoute(context: RouteContext): Promise<ConsoleResponse> {
  const { progress } = context.deps;
  if (context.session.user.role !== 'staff' || !progress) return notFound(context);
  const { form } = context;
  const asked = monthOf(form.get('month'), context.now);
  if ('problem' in asked) return htmlResponse(400, messagePage('无法保存', asked.problem, context.session));
  const typed: StaffForm = {
    values: Object.fromEntries(
      [...STAFF_FIGURE_KEYS, 'filledBy', 'phone'].map((k) => [k, (form.get(k) ?? '').slice(0, 50)]),
    ) as StaffForm['values'],
    version: form.get('version') ?? '',
  };
  const parsed = parseStaffForm(form);
  if ('problems' in parsed)
    return showMonth(context, asked.month, { status: 400, problems: parsed.problems, form: typed });
  try {
    await progress.saveStaffMonth(
      asked.month,
      parsed.entry,
      context.session.user.login,
      typed.version || null,
    );
  } catch (error) {
    if (!(error instanceof StaleFiguresError)) throw error;
    const by = error.current ? `${error.current.updatedBy} ` : '';
    return showMonth(context, asked.month, {
      status: 409,
      problems: [`本月的局端数据已被${by}修改，您填写的内容尚未保存：请核对下方修改记录后再保存。`],
      form: { ...typed, version: error.current?.updatedAt ?? '' },
    });
  }
  return redirect(`/progress?month=${asked.month}`);
}
