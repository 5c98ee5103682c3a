/**
 * The enterprises reporting to the bureau, each with its leads, open cases, leads handed to the police, and the
 * leads it sent today beside the intake's daily cap.
 */
import type { Session } from '../../auth/sessions.js';
import type { Enterprise } from '../../store/types.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';

/** An enterprise with its counts, as the store gives them, and the leads it sent today (China time). */
export type EnterpriseCounts = Enterprise & { leads: number; open: number; referred: number; today: number };

/** The enterprises page; `perDay` is the intake's daily cap per enterprise. */
export function enterprisesPage(
  session: Session,
  enterprises: readonly EnterpriseCounts[],
  perDay: number,
): Html {
  const total = (pick: (e: EnterpriseCounts) => number) => enterprises.reduce((sum, e) => sum + pick(e), 0);
  return layout({
    title: '企业',
    session,
    active: 'enterprises',
    body:
      enterprises.length === 0
        ? html`<p class="empty">还没有企业。用 <code>cert-verify bureau enterprise add 企业名</code> 添加。</p>`
        : html`<table class="enterprises">
<thead><tr><th>企业</th><th>线索</th><th>未办结</th><th>已移送公安</th><th>今日上报 / 每日上限</th><th>接入时间</th></tr></thead>
<tbody>${enterprises.map(
            (e) =>
              html`<tr><td><a href="/leads?enterprise=${e.id}">${e.name}</a></td><td>${e.leads}</td><td>${
                e.open
              }</td><td>${e.referred}</td><td>${e.today} / ${perDay}</td><td>${e.createdAt.slice(0, 10)}</td></tr>`,
          )}</tbody>
<tfoot><tr><th>合计</th><td>${total((e) => e.leads)}</td><td>${total((e) => e.open)}</td><td>${total(
            (e) => e.referred,
          )}</td><td>${total((e) => e.today)}</td><td></td></tr></tfoot>
</table>`,
  });
}
