/**
 * The words of the photo flow: what each problem of a photo means to the sender, the card beside the platform,
 * the QR host verdict (a fake address only ever shown defanged, never as a link), the leads, and the questions
 * (type the number, confirm the name). Pure functions of the photo check's outcome.
 */
import type { CardComparison, ComparedField } from '../../domain/card-compare.js';
import { maskIdsInText } from '../../domain/mask.js';
import { assertNever } from '../../domain/status.js';
import type { PhotoProblem, PhotoReading } from '../../photo/types.js';
import type { PhotoOutcome, ScanOutcome } from '../../verify/photo-check.js';
import { LAWFUL_LOOKUP, type ReplyStyle, showId, verdictReply } from './replies.js';

/** What a problem of the photo means, in one sentence. */
export function photoProblemText(problem: PhotoProblem): string {
  switch (problem) {
    case 'not_image':
      return '收到的文件不是能识别的图片，请发送 JPG 或 PNG 格式的证书照片或截图。';
    case 'truncated':
      return '图片不完整（可能没有传完或已损坏），请重新发送一次。';
    case 'too_many_bytes':
      return '图片文件太大，请截图或压缩后再发送。';
    case 'too_many_pixels':
      return '图片尺寸太大，请截图或缩小后再发送。';
    case 'no_qr':
      return '图片中没有找到二维码。';
    case 'qr_too_long':
      return '二维码里的内容过长，不是证书的二维码。';
    case 'no_card_text':
      return '没有识别出证上的文字。';
    case 'ocr_unavailable':
      return '本机没有安装证件文字识别组件，只读取了二维码。';
    default:
      return assertNever(problem);
  }
}

/** A photo is being read and it takes a moment (sent only when reading is slow). */
export function photoReadingText(): string {
  return '正在识别图片…';
}

/** What to send when a photo showed no certificate. */
const SEND_INSTEAD =
  '请拍清楚证书正面（含二维码），或直接发送“姓名 身份证号”（如“张三 11010519491231002X”）。';

/** The reply to a photo that could not be checked (not an image, broken, too large, no certificate on it). */
export function photoUnreadableText(reading: PhotoReading): string {
  const [first] = reading.problems;
  const fatal = first === 'not_image' || first === 'truncated' || first === 'too_many_bytes';
  if (first !== undefined && (fatal || first === 'too_many_pixels')) return photoProblemText(first);
  return `图片中没有识别到证书。${SEND_INSTEAD}`;
}

/** The QR code's verdict: official (no proof), a fake lookup site (defanged), or none found. */
export function qrLine(reading: PhotoReading): string {
  const { qr } = reading;
  if (!qr) return `二维码：${photoProblemText('no_qr')}`;
  if (qr.official) {
    return `二维码：✅ 指向官方查询平台 ${qr.host ?? LAWFUL_LOOKUP}（二维码可以被复制，仍以下面的核对为准）`;
  }
  return (
    `二维码：❌ 疑似假冒查询网站——${qr.reason ?? '不是官方查询平台'}。` +
    `二维码内容：${qr.defanged}。请勿打开，也不要相信它显示的结果；官方查询地址只有 ${LAWFUL_LOOKUP}。`
  );
}

/** What the official scan said of the code. */
export function scanLine(scan: ScanOutcome): string {
  switch (scan.kind) {
    case 'same':
      return '官方扫码：二维码对应的证书与证上的姓名、证号一致。';
    case 'other_card':
      return '官方扫码：❌ 二维码对应的是另一本证书，与证上的姓名或证号不符（疑似复制了别人的二维码）。';
    case 'unknown':
      return `官方扫码：❓ 官方扫码未能核对此二维码（${scan.message}），请用「国家安全生产考试」公众号【证件扫码查询】再扫一次；证上的内容以下面与平台的对照为准。`;
    case 'failed':
      return '官方扫码：暂时无法完成，以下按证上的姓名和身份证号核验。';
    default:
      return assertNever(scan);
  }
}

/** One field of the card beside the platform. A name is never shown as the platform has it. */
function fieldLine(f: ComparedField, comparison: CardComparison, style: ReplyStyle): string {
  const card = f.field === 'certNumber' ? showId(f.card, style) : f.card;
  if (f.same) return `  ${f.label}：${card}（与平台一致）`;
  const difference = comparison.differences.find((d) => d.field === f.field);
  const sure = difference?.weight === 'altered';
  if (f.field === 'name')
    return `  ${f.label}：${card}（${sure ? '❗与平台登记不一致' : '❓请核对，可能识别有误'}）`;
  const platform =
    f.platform === undefined ? '无此项' : f.field === 'certNumber' ? showId(f.platform, style) : f.platform;
  return `  ${f.label}：证上 ${card}｜平台 ${platform}（${sure ? '❗不一致' : '❓请核对，可能识别有误'}）`;
}

/** The card beside the platform, and what the differences mean. */
export function comparisonLines(comparison: CardComparison, style: ReplyStyle): string[] {
  const lines = ['证上与平台对照：', ...comparison.fields.map((f) => fieldLine(f, comparison, style))];
  if (comparison.fromHistory && !comparison.altered) {
    lines.push('提示：证上是平台历史记录中的旧证信息，平台已有更新的证书，请以新证为准。');
  }
  if (comparison.confirmName)
    lines.push('请确认姓名：证上的姓名可能识别有误，请回复持证人的正确姓名（如证上所写）。');
  if (!comparison.altered && comparison.differences.length > 0 && !comparison.confirmName) {
    lines.push('提示：标 ❓ 的项目识别可能有误，请对照证件原件核对；如证上确实如此，请向发证机关核实。');
  }
  return lines;
}

/** The reply to a checked photo: QR verdict, scan, card beside platform, leads, then the verdict as for any query. */
export function photoCheckedReply(
  outcome: Extract<PhotoOutcome, { kind: 'checked' }>,
  style: ReplyStyle,
): string {
  const lines = ['【证件照片核验】', qrLine(outcome.reading)];
  if (outcome.scan) lines.push(scanLine(outcome.scan));
  if (outcome.comparison) lines.push(...comparisonLines(outcome.comparison, style));
  for (const lead of outcome.leads) {
    switch (lead) {
      case 'fake_platform':
        lines.push(
          '⚠️ 线索：疑似假冒查询网站。证上二维码不指向官方平台，持证人所说的“扫码可查”不可信，已记录。',
        );
        break;
      case 'altered_card':
        lines.push(
          '⚠️ 线索：疑似涂改或伪造证件。证件与全国平台记录不符，请停止其作业、向发证机关核实，并向 12350 举报；已记录。',
        );
        break;
      default:
        assertNever(lead);
    }
  }
  for (const problem of outcome.reading.problems) {
    if (problem === 'no_card_text' || problem === 'ocr_unavailable')
      lines.push(`提示：${photoProblemText(problem)}`);
  }
  lines.push('', verdictReply(outcome.verdict, style));
  const text = lines.join('\n');
  return style.maskIds ? maskIdsInText(text) : text;
}

/** A question about a photo: its QR verdict, then what is asked. */
function photoQuestion(reading: PhotoReading, asked: string[], style: ReplyStyle): string {
  const text = ['【证件照片核验】', qrLine(reading), ...asked].join('\n');
  return style.maskIds ? maskIdsInText(text) : text;
}

/** The card's number could not be used: what was read, why, and that typing it completes the check. */
export function photoNeedIdText(
  outcome: Extract<PhotoOutcome, { kind: 'need_id' }>,
  style: ReplyStyle,
): string {
  const { card } = outcome;
  const who = card.name ? `（证上姓名：${card.name}）` : '';
  return photoQuestion(
    outcome.reading,
    [
      `证上的身份证号无法使用：${card.reasons.join('；')}。`,
      `请直接回复持证人的身份证号${who}，收到后接着核验这张证件。`,
    ],
    style,
  );
}

/** The printed name was read doubtfully: confirm it before anything is looked up. */
export function photoConfirmNameText(
  outcome: Extract<PhotoOutcome, { kind: 'confirm_name' }>,
  style: ReplyStyle,
): string {
  return photoQuestion(
    outcome.reading,
    [
      `请确认姓名：证上姓名识别为“${outcome.readName}”（${showId(outcome.query.idNumber, style)}），可能识别有误。`,
      '请回复持证人的姓名（如证上所写），收到后接着核验。',
    ],
    style,
  );
}
