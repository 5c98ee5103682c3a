/**
 * The simulated scan endpoint of the official account (`wxcx.mem.gov.cn/certsearch/cert/scanQrcode`): a POST of
 * `{qrcode: <token after the last #>}` answered with the certificate under `content` (platform field names, so
 * `content.certNum` as one public front-end reads it), or "证件档案编号有误" for a token it never issued. The real
 * answer's shape beyond `content.certNum` is not confirmed.
 */
import { type Answer, jsonAnswer, PLATFORM_MESSAGES, platformError } from './answers.js';
import type { SimCertificate, SimulatorData } from './data.js';
import { toPlatformRecord } from './platform-fields.js';
import { simulatedQrToken } from './qr-token.js';

/** The endpoint's path, as on the real scan host. */
export const SCAN_PATH = '/certsearch/cert/scanQrcode';

/** What the scan says of a token it does not know (as the official scan said of a forged card in 2023). */
export const UNKNOWN_TOKEN_MESSAGE = '证件档案编号有误';

/** Each certificate of `data` by the token of its QR code (current certificates win over history). */
export function tokenIndex(data: SimulatorData): Map<string, SimCertificate> {
  const index = new Map<string, SimCertificate>();
  for (const cert of data.certificates) {
    const token = simulatedQrToken(cert);
    const known = index.get(token);
    if (!known || (known.history && !cert.history)) index.set(token, cert);
  }
  return index;
}

/** The answer to one scan request body (JSON text); `found` when it names a certificate of `index`. */
export function scanAnswer(
  index: ReadonlyMap<string, SimCertificate>,
  body: string,
): { answer: Answer; found: boolean } {
  let qrcode: unknown;
  try {
    qrcode = (JSON.parse(body) as { qrcode?: unknown } | null)?.qrcode;
  } catch {
    qrcode = undefined;
  }
  if (typeof qrcode !== 'string' || qrcode.trim() === '') {
    return { answer: platformError('参数错误：qrcode 不能为空'), found: false };
  }
  const cert = index.get(qrcode.trim().toUpperCase());
  if (!cert) return { answer: platformError(UNKNOWN_TOKEN_MESSAGE), found: false };
  const content = toPlatformRecord(cert, cert.history === true);
  return { answer: jsonAnswer({ code: 200, msg: PLATFORM_MESSAGES.ok, content }), found: true };
}
