/**
 * The QR code of a simulated electronic certificate. The real code opens the platform with a token after the last
 * `#`, which the official account's scan function sends to `scanQrcode`; the simulator derives each certificate's
 * token from its kind and number, so the sample photos, the simulator's scan endpoint and the tests agree without a
 * table of their own.
 */
import { createHash } from 'node:crypto';
import type { SimCertificate } from './data.js';

/** The token in the QR code of `cert` (32 upper-case hex digits). */
export function simulatedQrToken(cert: Pick<SimCertificate, 'kind' | 'idNumber' | 'certNumber'>): string {
  const number = cert.certNumber ?? cert.idNumber;
  return createHash('sha256').update(`qr:${cert.kind}:${number}`).digest('hex').slice(0, 32).toUpperCase();
}

/** The text of an official QR code carrying `token`, on `host` (default the scan host wxcx.mem.gov.cn). */
export function officialQrText(token: string, host = 'wxcx.mem.gov.cn'): string {
  return `https://${host}/certsearch/cert/qrcode#${token}`;
}
