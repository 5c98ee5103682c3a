/**
 * Reply texts: pure functions of verdicts and plain values → Chinese text, in the style of a WeChat service
 * account (a mark, the status, the facts, what to do next, where the answer came from).
 */

import { isManagerQuery, presentsCertificate } from '../../domain/absence.js';
import {
  absenceAdvice,
  absenceHeadline,
  CONCERN_ADVICE,
  CONCERN_FACTS,
  mayBeInProcessing,
  worstConcern,
} from '../../domain/absence-words.js';
import type { CertificateRecord } from '../../domain/certificate.js';
import { formatChinaTime } from '../../domain/dates.js';
import { type Audience, maySeeHolder, STRANGER } from '../../domain/disclosure.js';
import { expiryAdvice, expiryDutyOf, lapsedAdvice, REVIEW_DUE_ADVICE } from '../../domain/duty-words.js';
import type { Finding } from '../../domain/finding.js';
import { LEAD_KIND_LABELS, type PhotoLeadKind } from '../../domain/lead.js';
import { maskId, maskIdsInText } from '../../domain/mask.js';
import type { ParsedQuery } from '../../domain/query.js';
import { assertNever, statusLabel, VERDICT_STATUSES, type VerdictStatus } from '../../domain/status.js';
import type { AssessedCertificate, Verdict } from '../../domain/verdict.js';
import { SHEET_FORMATS } from '../../roster/read/file-kind.js';
import type { StatusCounts } from './verdict-counter.js';

/** The only lawful lookup address (domain.md §4). */
export const LAWFUL_LOOKUP = 'cx.mem.gov.cn';

/** How a reply shows ID numbers (in full in private chat, masked in groups) and to whom it speaks. */
export interface ReplyStyle {
  maskIds: boolean;
  /** Who reads it: only those allowed (disclosure.ts) see a registered name they did not give. Default: nobody. */
  audience?: Audience;
}

/** The mark in front of a status. */
export function statusMark(status: VerdictStatus): string {
  switch (status) {
    case 'valid':
      return '✅';
    case 'review_due':
    case 'expiring':
      return '⏰';
    case 'review_overdue':
    case 'expired':
    case 'item_mismatch':
      return '⚠️';
    case 'not_found':
    case 'name_mismatch':
      return '❌';
    case 'invalid_id':
      return '❗';
    case 'unverifiable':
    case 'other_authority':
      return '❓';
    default:
      return assertNever(status);
  }
}

/**
 * The status headline, with what the verdict means for what was asked: a presented certificate not found waits
 * for its re-check (未查到·待复核), a worker on a list has none found (未查到证书), a manager none passed.
 */
export function statusHeadline(verdict: Pick<Verdict, 'status' | 'absence' | 'query'>): string {
  const { status } = verdict;
  switch (status) {
    case 'not_found':
      return `${verdict.absence?.kind === 'unassessed' && verdict.absence.withinDeadline ? '⏰' : statusMark(status)} ${absenceHeadline(verdict.absence)}`;
    case 'name_mismatch':
      return presentsCertificate(verdict.query)
        ? `${statusMark(status)} 姓名不符·疑似冒用`
        : `${statusMark(status)} 姓名不符`;
    default:
      return `${statusMark(status)} ${statusLabel(status)}`;
  }
}

/** An ID or certificate number as the style allows (a certificate number's T prefix stays readable). */
export function showId(id: string, style: ReplyStyle): string {
  if (!style.maskIds) return id;
  return /^[Tt]\d/.test(id) ? id[0] + maskId(id.slice(1)) : maskId(id);
}

/** Any ID-like run of digits in `text` masked: the last guard on group replies. */

function days(n: number, future: string, past: string): string {
  return n >= 0 ? `${future} ${n} 天` : `${past} ${-n} 天`;
}

function certificateLines(cert: AssessedCertificate, style: ReplyStyle): string[] {
  const r: CertificateRecord = cert.record;
  const lines: string[] = [];
  if (r.kind === 'special') {
    lines.push(`特种作业操作证｜${r.category ?? '作业类别未知'}｜${r.item ?? '操作项目未知'}`);
  } else {
    const extra = [r.role, r.industry].filter(Boolean).join('｜');
    lines.push(`安全生产知识和管理能力考核合格证${extra ? `｜${extra}` : ''}`);
  }
  if (r.certNumber) lines.push(`证号：${showId(r.certNumber, style)}`);
  const from = r.validFrom ? `${r.validFrom} 至 ` : '';
  lines.push(`有效期：${from}${r.validUntil}（${days(cert.daysToExpiry, '还有', '已过')}）`);
  if (r.platformStatus) lines.push(`平台状态：${r.platformStatus}`);
  if (r.reviewDue) {
    const left = cert.daysToReview === undefined ? '' : `（${days(cert.daysToReview, '还有', '已过')}）`;
    const done = r.reviewedOn ? `｜实际复审：${r.reviewedOn}` : '';
    const waived = cert.reviewMode === 'renewal' && !r.reviewedOn ? '（按现行规定不再复审，到期换证）' : '';
    lines.push(`应复审：${r.reviewDue}${left}${done}${waived}`);
  }
  if (r.issuer) lines.push(`发证机关：${r.issuer}`);
  return lines;
}

/** What to do next for a verdict: it follows the worst thing said, a concern beside a good status included. */
export function nextStep(verdict: Verdict): string {
  const r = verdict.best?.record;
  const concern = concernStep(verdict);
  switch (verdict.status) {
    case 'valid':
      return concern ?? '证书有效，可以从事证书所列作业。';
    case 'review_due':
      return concern ?? `${r?.reviewDue ? `应复审日期 ${r.reviewDue}：` : ''}请${REVIEW_DUE_ADVICE}。`;
    case 'expiring':
      if (concern !== undefined) return concern;
      return `证书将于 ${r?.validUntil ?? '近期'} 到期，请${expiryAdvice(expiryDutyOf(r?.kind ?? 'special', verdict.best?.expiryMode))}。`;
    case 'review_overdue':
      return reviewOverdueStep(verdict.best);
    case 'expired':
      return (r ? r.kind === 'safety' : isManagerQuery({ personType: verdict.personType }))
        ? `考核合格证已过期：请${lapsedAdvice(true)}。`
        : `证书已过期失效：请${lapsedAdvice(false)}。`;
    case 'not_found':
      return `${absenceAdvice(verdict.absence)}请只在 ${LAWFUL_LOOKUP} 复核（唯一合法查询地址，其他网址、二维码均不可信）。`;
    case 'name_mismatch':
      return presentsCertificate(verdict.query)
        ? `请核对姓名是否写错；若证上姓名与平台不符，疑似冒用或伪造，请停止其作业、在 ${LAWFUL_LOOKUP} 复核并向 12350 举报。`
        : `请核对名单上的姓名和身份证号是否写错，改正后重新核验；核实前不要以此作为持证依据。`;
    case 'item_mismatch':
      return '所持证书的操作项目与从事的作业不符：不得从事证书以外的作业，请安排其取得相应项目的证书。';
    case 'invalid_id':
      return '请核对后重新发送（18 位身份证号，或 T 加身份证号的证书编号）。';
    case 'unverifiable':
      return `全国平台暂时无法查询，已记下，平台恢复后会自动把结果发给您；也可以登录 ${LAWFUL_LOOKUP} 自行查询。`;
    case 'other_authority':
      return '该证书不由应急管理部门发放，请按上面的查询途径核验；本平台查不到不代表证书有问题。';
    default:
      return assertNever(verdict.status);
  }
}

/** The step a concern calls for, overriding "可以从事" on an acceptable status; undefined without one. */
function concernStep(verdict: Verdict): string | undefined {
  const worst = worstConcern(verdict.concerns?.map((c) => c.concern));
  return worst === undefined ? undefined : `${CONCERN_FACTS[worst]}：${CONCERN_ADVICE[worst]}。`;
}

/** Review overdue: while the issuer may still be processing a review applied for in time, ask it first. */
function reviewOverdueStep(best: AssessedCertificate | undefined): string {
  const stop = `逾期未复审的证书失效：请${lapsedAdvice(false)}。`;
  if (best === undefined || !mayBeInProcessing(best)) return stop;
  return `请先向发证机关核实是否在应复审日期前申请了复审：已按时申请的，待复审记录上网后再查；未申请的，${stop}`;
}

/** The names a mismatched ID is registered under: for admins and the enterprise holding the person only. */
export function registeredNamesLine(names: readonly string[]): string {
  return `登记姓名：「${names.join('」「')}」（仅管理员和持有该人员台账的企业可见）`;
}

/** Where the answer came from: 来源：全国平台 2026-11-24 10:32 / 官方导出数据 / 缓存（截至 …）. */
export function sourceLine(verdict: Verdict): string | undefined {
  const at = verdict.evidenceAt ? formatChinaTime(verdict.evidenceAt) : undefined;
  switch (verdict.source) {
    case undefined:
      return undefined;
    case 'national':
      return `来源：全国平台${at ? ` ${at}` : ''}`;
    case 'registry':
      return `来源：官方导出数据（本地登记库${at ? `，导入于 ${at}` : ''}）`;
    case 'cache':
      return `来源：缓存${at ? `（截至 ${at}）` : ''}`;
    case 'stale-cache':
      return `来源：缓存${at ? `（截至 ${at}）` : ''}，平台暂时无法访问，仅供参考`;
    default:
      return assertNever(verdict.source);
  }
}

/** Who the query is about: 张三 110105********002X. */
function subject(query: ParsedQuery, style: ReplyStyle): string {
  const id = query.valid ? showId(query.idNumber, style) : showId(query.input, style);
  return query.name ? `${query.name} ${id}` : id;
}

/** The full answer to one query. */
export function verdictReply(verdict: Verdict, style: ReplyStyle): string {
  const lines = [`${statusHeadline(verdict)}｜${subject(verdict.query, style)}`];
  if (verdict.best) lines.push(...certificateLines(verdict.best, style));
  if (!verdict.best || verdict.status === 'name_mismatch' || verdict.status === 'item_mismatch') {
    for (const reason of verdict.reasons) lines.push(`原因：${reason}`);
  }
  const registered = verdict.registeredNames ?? [];
  if (registered.length > 0 && maySeeHolder(style.audience ?? STRANGER, verdict.heldBy)) {
    lines.push(registeredNamesLine(registered));
  }
  const others = verdict.certificates.length - (verdict.best ? 1 : 0);
  if (others > 0) lines.push(`另有 ${others} 本在册证书`);
  for (const warning of verdict.warnings) lines.push(`提示：${warning}`);
  lines.push(`下一步：${nextStep(verdict)}`);
  const source = sourceLine(verdict);
  if (source) lines.push(source);
  const text = lines.join('\n');
  return style.maskIds ? maskIdsInText(text) : text;
}

/** One reply for every query of a message: a single answer, or a numbered list. */
export function verdictsReply(verdicts: Verdict[], style: ReplyStyle): string {
  if (verdicts.length === 1) return verdictReply(verdicts[0] as Verdict, style);
  const head = `共核验 ${verdicts.length} 个证件号：${summaryCounts(verdicts.map((v) => v.status))}`;
  return [head, ...verdicts.map((v, i) => `${i + 1}. ${verdictReply(v, style)}`)].join('\n\n');
}

/** "✅有效 2｜❌未查到 1": counts by status, in report order of first appearance. */
export function summaryCounts(statuses: VerdictStatus[]): string {
  const counts = new Map<VerdictStatus, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${statusMark(s)}${statusLabel(s)} ${n}`).join('｜');
}

/** Asks for the name a lookup needs. */
export function askNameText(query: ParsedQuery, style: ReplyStyle): string {
  return `请补充 ${showId(query.idNumber, style)} 的持证人姓名（全国平台查询需要姓名），直接回复姓名即可，例如：张三`;
}

/** The answer to a reply that gave no name (不知道, 王师傅) while a query waits for one: the name is still needed. */
export function nameStillNeededText(query: ParsedQuery, style: ReplyStyle): string {
  return `没有收到姓名。全国平台必须用持证人本人的姓名和身份证号一起查询，请回复 ${showId(query.idNumber, style)} 持证人的姓名（如证件上所写），例如：张三；不知道姓名的，请先向持证人或证件核实`;
}

/** The follow-up when a queued query finally got an answer. */
export function followUpText(verdict: Verdict, style: ReplyStyle): string {
  return `之前暂时无法核验的证件已有结果：\n${verdictReply(verdict, style)}`;
}

/** What the asker is told when a lead's re-check finds the certificate the first look did not. */
export function leadWithdrawnText(verdict: Verdict, style: ReplyStyle): string {
  return `已查到，先前未查到可能是新证尚未上网（相关线索已撤回，不再上报）：\n${verdictReply(verdict, style)}`;
}

/** The follow-up when a queued query was given up. */
export function givenUpText(query: ParsedQuery, style: ReplyStyle): string {
  return (
    `${statusMark('unverifiable')} ${subject(query, style)} 长时间仍无法从全国平台查询，已停止自动重试。` +
    `请稍后重新发送，或登录 ${LAWFUL_LOOKUP} 自行查询。`
  );
}

/** Beyond the hourly limit. */
export function rateLimitedText(skipped: number, limit: number, retryAt: Date): string {
  return `每人每小时最多核验 ${limit} 个证件号，已达上限，本条有 ${skipped} 个未核验。请在 ${formatChinaTime(retryAt).slice(11)} 以后再发送。`;
}

/** What a stranger gets when strangers are refused. */
export function refusalText(): string {
  return '您好，本机器人仅为已登记的企业和人员提供证书核验服务。如需开通，请联系管理员。';
}

/** Admin-only command tried by someone else. */
export function adminOnlyText(): string {
  return '该功能仅限管理员使用。';
}

/** `我的ID`: the sender's own id and the room's, as config.chat wants them. */
export function myIdText(senderId: string, roomId: string | undefined): string {
  const lines = [`您的 ID：${senderId}`];
  if (roomId !== undefined) lines.push(`本群 ID：${roomId}`);
  lines.push(
    '管理员可把它原样填入配置 chat.admins / chat.allowedContacts / chat.allowedRooms / chat.enterprises。昵称和群名会变，不能代替 ID。',
  );
  return lines.join('\n');
}

/** A short apology when handling a message failed. */
export function apologyText(): string {
  return '抱歉，处理这条消息时出错了，请稍后再试。';
}

/** A message the bot did not understand. */
export function notUnderstoodText(): string {
  return '没有识别到证件号。请发送身份证号（可带姓名，如“张三 11010519491231002X”），发送“帮助”查看用法。';
}

/** A file that is not a roster. */
export function unsupportedFileText(name: string): string {
  return `收到文件“${name}”。只支持 ${SHEET_FORMATS} 花名册（含姓名、身份证号两列；Excel 另存的“Unicode 文本”.txt 也可以），请转换后重新发送。`;
}

/** A file sent in a group chat of a door that reads rosters only in single chat (the WeCom robot). */
export function rosterInGroupText(): string {
  return '花名册请在与机器人的单聊中发送：群里发的文件不会读取，以免名单里的身份证号出现在群里。';
}

/** A picture or file the platform sent could not be fetched. */
export function fileNotReceivedText(): string {
  return '没能取到刚才的图片或文件，请重新发送一次。';
}

/** What the bot can do. */
export function helpText(
  isAdmin: boolean,
  reportNames: readonly string[],
  ledgerLines: readonly string[] = [],
): string {
  const lines = [
    '【特种作业操作证 / 安全生产知识和管理能力考核合格证 核验】',
    '1. 发送“姓名 身份证号”即可核验，例如：张三 11010519491231002X；一条消息可写多人，每行一人。',
    '   也可写操作项目（如“低压电工”），会一并核对。',
    `2. 发送 ${SHEET_FORMATS} 花名册（含姓名、身份证号列），批量核验后返回结果表（xlsx）。`,
    '3. 发送证书照片或电子证截图：识别二维码和证面文字，与全国平台记录逐项对照，识别假冒查询网站和涂改的证件。',
    '4. 发送“统计”查看本单位的核验统计；发送“我的ID”查看自己的 ID（开通权限时提供给管理员）。',
  ];
  if (isAdmin) lines.push(`5. 管理员：发送“导出 类型”获取报表，类型：${reportNames.join(' / ')}。`);
  lines.push(...ledgerLines);
  lines.push(
    `结果以全国安全生产考试平台 ${LAWFUL_LOOKUP} 为准，这是唯一合法的查询地址，其他网址、二维码均不可信。`,
  );
  lines.push('发现假证请向 12350 举报。');
  return lines.join('\n');
}

/** `统计`: verdicts given under this scope and the findings logged for it. */
export function statsText(scope: string, counts: StatusCounts, findings: Finding[]): string {
  const total = VERDICT_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const lines = [`【${scope}核验统计】`];
  if (total === 0) lines.push('机器人尚未为本单位核验过证件。');
  else {
    lines.push(`累计核验 ${total} 人次：`);
    for (const s of VERDICT_STATUSES) {
      const n = counts[s];
      if (n) lines.push(`${statusMark(s)} ${statusLabel(s)} ${n}`);
    }
  }
  // A photo's lead counts under its kind: its verdict may be valid, which is no problem of its own.
  const problems = new Map<VerdictStatus, number>();
  const leads = new Map<PhotoLeadKind, number>();
  for (const f of findings) {
    if (f.photoLead) leads.set(f.photoLead, (leads.get(f.photoLead) ?? 0) + 1);
    else problems.set(f.status, (problems.get(f.status) ?? 0) + 1);
  }
  if (findings.length === 0) lines.push('问题记录：无');
  else {
    const parts = [
      ...VERDICT_STATUSES.filter((s) => problems.has(s)).map((s) => `${statusLabel(s)} ${problems.get(s)}`),
      ...[...leads].map(([kind, n]) => `${LEAD_KIND_LABELS[kind]} ${n}`),
    ];
    lines.push(`问题记录：${findings.length} 条（${parts.join('，')}）`);
  }
  return lines.join('\n');
}

/** `导出` without a known type. */
export function exportUsageText(reportNames: readonly string[]): string {
  return `请写明要导出的报表，例如“导出 问题清单”。可选：${reportNames.join(' / ')}。`;
}

/** A roster was received and the batch starts. */
export function batchStartText(name: string): string {
  return `已收到花名册“${name}”，开始批量核验，完成后发回结果表。人数较多时需要一些时间，请耐心等待。`;
}

/** The service account's welcome on a new follower (subscribe event). */
export const MP_WELCOME_TEXT = [
  '欢迎关注！这里可以核验特种作业操作证和安全生产知识和管理能力考核合格证。',
  '发送“姓名 身份证号”即可核验，例如：张三 11010519491231002X。发送“帮助”查看全部用法。',
  `结果以全国安全生产考试平台 ${LAWFUL_LOOKUP} 为准。`,
].join('\n');

/** The service account's answer to voice, video, location and link messages. */
export const MP_UNSUPPORTED_TEXT = '这里只能处理文字消息。请发送“姓名 身份证号”；发送“帮助”查看用法。';

/** A file the bot would send (a batch result, an export) through the service account, which cannot carry files. */
export function mpNoFilesText(name: string): string {
  return (
    `结果文件「${name}」无法通过公众号发送：公众号不能收发文件。` +
    '批量核验花名册、导出报表请使用企业微信机器人。'
  );
}

/** An image the service account could not download. */
export const MP_IMAGE_FAILED_TEXT = '图片没有下载成功，请稍后重新发送，或直接发送“姓名 身份证号”。';
