/**
 * `cert-verify check --image FILE [text…] [--json]`: a photo of a certificate checked as the chat checks it
 * (QR host, card's query, lookup, official scan, card beside platform, leads recorded), printed as the chat words
 * it, or as JSON: the verdict's result with `photo` (the QR code, the card as read, the differences) added. Words
 * after the file give the number (and name) when the card's cannot be used.
 */
import { readFile } from 'node:fs/promises';
import { createServices } from '../../app/services.js';
import {
  photoCheckedReply,
  photoConfirmNameText,
  photoNeedIdText,
  photoUnreadableText,
} from '../../chat/core/photo-replies.js';
import { InputError } from '../../domain/errors.js';
import type { ParsedQuery } from '../../domain/query.js';
import { assertNever } from '../../domain/status.js';
import type { PhotoOutcome } from '../../verify/photo-check.js';
import { type CliContext, cliRequester } from '../context.js';
import { UsageError } from '../usage-error.js';
import { verdictJson } from './check-online.js';

/** Check the photo in `file`; `typed` is the query of the words after it, if any. */
export async function printImageResult(
  file: string,
  typed: ParsedQuery | undefined,
  context: CliContext,
  enterprise?: string,
) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (cause as Error).message;
    throw new InputError(`无法读取图片文件 ${file}：${why}`, { cause });
  }
  const app = await createServices(context);
  let outcome: PhotoOutcome;
  try {
    const requester = cliRequester(enterprise);
    const reading = await app.photos.read(bytes);
    outcome = await app.photos.judge(reading, { requester, today: context.today }, typed, bytes);
  } finally {
    await app.close();
  }
  if (context.json) process.stdout.write(`${JSON.stringify(photoJson(outcome))}\n`);
  else process.stdout.write(`${photoText(outcome)}\n`);
  switch (outcome.kind) {
    case 'checked':
      return;
    case 'unreadable':
      throw new UsageError('图片无法核验');
    case 'need_id':
      throw new UsageError(
        '请在图片文件后写上持证人的身份证号再运行一次，例如：check --image 证件.jpg 11010519491231002X',
      );
    case 'confirm_name':
      throw new UsageError(
        '请在图片文件后写上持证人的姓名和身份证号再运行一次，例如：check --image 证件.jpg 张三 11010519491231002X',
      );
    default:
      return assertNever(outcome);
  }
}

/** The outcome in the chat's words; the operator at the CLI is an admin, ID numbers masked as in a group. */
function photoText(outcome: PhotoOutcome): string {
  const style = { maskIds: true, audience: { admin: true } };
  switch (outcome.kind) {
    case 'checked':
      return photoCheckedReply(outcome, style);
    case 'unreadable':
      return photoUnreadableText(outcome.reading);
    case 'need_id':
      return photoNeedIdText(outcome, style);
    case 'confirm_name':
      return photoConfirmNameText(outcome, style);
    default:
      return assertNever(outcome);
  }
}

/** The outcome for `--json`: the verdict's result (when there is one) and what the photo showed. */
export function photoJson(outcome: PhotoOutcome) {
  const { reading } = outcome;
  const photo = {
    outcome: outcome.kind,
    sha256: reading.sha256,
    problems: reading.problems,
    qr: reading.qr
      ? {
          text: reading.qr.text,
          defanged: reading.qr.defanged,
          host: reading.qr.host ?? null,
          official: reading.qr.official,
          reason: reading.qr.reason ?? null,
        }
      : null,
    card: reading.card ?? null,
    differences: outcome.kind === 'checked' ? (outcome.comparison?.differences ?? []) : [],
    scan: outcome.kind === 'checked' ? (outcome.scan?.kind ?? null) : null,
    leads: outcome.kind === 'checked' ? outcome.leads : [],
  };
  return { results: outcome.kind === 'checked' ? [verdictJson(outcome.verdict)] : [], photo };
}
