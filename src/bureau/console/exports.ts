/**
 * The console's xlsx exports in the forms the bot writes: 疑似假证线索清单 of the filtered list and 月度统计 of a
 * month range, built by the same report writers from the bureau's leads. Full ID numbers only for bureau staff;
 * an export larger than `EXPORT_LIMIT` rows is refused with a message saying so, never cut short in silence.
 */
import { addDays, addMonths, todayInChina } from '../../domain/dates.js';
import { isPhotoLeadKind } from '../../domain/lead.js';
import { buildLeadsReport } from '../../roster/write/leads-report.js';
import { renderXlsx } from '../../roster/write/render-xlsx.js';
import type { ReportInput, ReportRow } from '../../roster/write/report-rows.js';
import { buildStatsReport } from '../../roster/write/stats-report.js';
import { type BureauStore, type Lead, type LeadFilter, LIST_COUNT_CAP, type Scope } from '../store/types.js';

/** The most leads one export holds: as far as the store counts a list. */
export const EXPORT_LIMIT = LIST_COUNT_CAP;

/** Leads read from the store per query while an export is gathered. */
const BATCH = 1000;

/** A lead as a report row: found on the China day of `foundAt`, reported by its enterprise's bot. */
function reportRowOf(lead: Lead): ReportRow {
  const said = lead.evidence.platformSaid;
  const answeredAt = lead.evidence.answeredAt;
  return {
    status: lead.status,
    idNumber: lead.idNumber,
    name: lead.name,
    item: lead.item,
    enterprise: lead.enterpriseName,
    reasons: [],
    certificates: [],
    platformSaid: typeof said === 'string' ? said : '',
    answeredAt: typeof answeredAt === 'string' ? answeredAt : undefined,
    day: todayInChina(new Date(lead.foundAt)),
    at: lead.foundAt,
    lastAt: lead.foundAt,
    count: 1,
    origin: `${lead.enterpriseName} 机器人上报`,
    presented: true,
    lead: lead.kind,
    ...(isPhotoLeadKind(lead.kind) && { photoLead: lead.kind }),
  };
}

/** Every lead of `filter`, or `tooMany` when there are more than `EXPORT_LIMIT`. */
export async function gatherLeads(
  store: BureauStore,
  scope: Scope,
  filter: Omit<LeadFilter, 'limit' | 'offset'>,
): Promise<{ leads: Lead[] } | { tooMany: true }> {
  const first = await store.listLeads(scope, { ...filter, limit: BATCH, offset: 0 });
  if (first.totalCapped || first.total > EXPORT_LIMIT) return { tooMany: true };
  const leads = [...first.rows];
  while (leads.length < first.total) {
    const next = await store.listLeads(scope, { ...filter, limit: BATCH, offset: leads.length });
    if (next.rows.length === 0) break;
    leads.push(...next.rows);
  }
  return { leads };
}

/** The last day of `month` (YYYY-MM). */
function lastDayOf(month: string): string {
  return addDays(addMonths(`${month}-01`, 1), -1);
}

/** What an export says it covers. */
export interface ExportScope {
  /** The unit the report is of: the enterprise filtered on, or the bureau's view of all. */
  unit: string;
  today: string;
  fromMonth?: string;
  toMonth?: string;
}

function reportInput(leads: readonly Lead[], scope: ExportScope): ReportInput {
  return {
    rows: leads.map(reportRowOf),
    complete: false,
    today: scope.today,
    enterprise: scope.unit,
    ...(scope.fromMonth ? { from: `${scope.fromMonth}-01` } : {}),
    ...(scope.toMonth ? { to: lastDayOf(scope.toMonth) } : {}),
  };
}

/** 疑似假证线索清单 of `leads` as xlsx. */
export function leadsWorkbook(leads: readonly Lead[], scope: ExportScope, fullIds: boolean): Promise<Buffer> {
  return renderXlsx(buildLeadsReport(reportInput(leads, scope), { fullIds }), '线索清单');
}

/** 月度统计 of `leads` as xlsx. */
export function statsWorkbook(leads: readonly Lead[], scope: ExportScope): Promise<Buffer> {
  return renderXlsx(buildStatsReport(reportInput(leads, scope)), '月度统计');
}
