/**
 * The words of a lead's standing, as the leads list (`export leads`, 导出 线索清单) shows it: one label per state
 * of the outbox (store/outbox.ts), with the re-check day of a pending lead and the when and why of a withdrawal
 * or a refusal.
 */
import { formatChinaTime } from '../domain/dates.js';
import { assertNever } from '../domain/status.js';
import type { LeadStanding } from '../roster/write/report-rows.js';
import type { LeadEntry, LeadState, Outbox } from '../store/outbox.js';

/** Each state's label. */
export function leadStateLabel(state: LeadState): string {
  switch (state) {
    case 'pending':
      return '待复核';
    case 'waiting':
      return '已上报（待送达）';
    case 'sent':
      return '已上报';
    case 'refused':
      return '被退回';
    case 'conflict':
      return '编号冲突（未被接收）';
    case 'withdrawn':
      return '已撤回';
    default:
      return assertNever(state);
  }
}

/**
 * Where the lead of each finding stands in `outbox`, in words (undefined when the outbox never saw it), as the
 * outbox stands now: read once for a whole list.
 */
export async function leadStandingsIn(outbox: Outbox): Promise<(id: string) => LeadStanding | undefined> {
  const [states, entries] = await Promise.all([outbox.states(), outbox.list()]);
  const byId = new Map(entries.map((e) => [e.lead.id, e]));
  return (id) => {
    const state = states.get(id);
    return state === undefined ? undefined : standingOf(state, byId.get(id));
  };
}

/** A lead's standing in words: its state, and the entry when the outbox keeps its content. */
function standingOf(state: LeadState, entry: LeadEntry | undefined): LeadStanding {
  const standing: LeadStanding = { label: leadStateLabel(state) };
  if (state === 'pending' && entry?.dueOn) standing.recheckOn = entry.dueOn;
  const w = entry?.withdrawal;
  if (w) {
    const bureau = w.owed
      ? '；撤回尚待送达应急管理局'
      : w.refused
        ? `；应急管理局未接受撤回：${w.refused.reason}`
        : entry?.sent
          ? '；已告知应急管理局'
          : '；未曾上报';
    standing.note = `${formatChinaTime(w.at)} 撤回：${w.reason}${bureau}`;
  } else if (entry?.refusal) {
    standing.note = `${formatChinaTime(entry.refusal.at)} 应急管理局答复（${entry.refusal.status}）：${entry.refusal.reason}`;
  }
  return standing;
}
