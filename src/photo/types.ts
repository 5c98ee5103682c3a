/**
 * What reading a photo of a certificate yields, shared by the reader (image → QR text and printed fields) and the
 * photo flow (fields → query → comparison with the platform). Plain data: no image library types leak out.
 */
import type { CardField, CardSays, ReadValue } from '../domain/card-fields.js';
import type { QrReading } from '../domain/qr-host.js';

export type { QrReading } from '../domain/qr-host.js';

/** One field as read off the card, with the reader's confidence (0..1). */
export type ReadField = ReadValue;

/** The printed fields of a 特种作业操作证 / 安全生产知识和管理能力考核合格证 (or its electronic screenshot). */
export type CardFields = CardSays;

/** The card field names, in the order a reply lists them (`CARD_FIELDS`). */
export type CardFieldName = CardField;

/** Why a photo could not be read, each answered in Chinese by the flow. */
export type PhotoProblem =
  | 'not_image'
  | 'truncated'
  | 'too_many_bytes'
  | 'too_many_pixels'
  | 'no_qr'
  | 'qr_too_long'
  | 'no_card_text'
  | 'ocr_unavailable';

/** Everything read from one photo. */
export interface PhotoReading {
  /** sha256 of the bytes as sent, hex: the evidence kept instead of the image. */
  sha256: string;
  width?: number;
  height?: number;
  /** Degrees the image was turned to read upright (EXIF or the text's reading), 0 when none. */
  rotated: number;
  qr?: QrReading;
  card?: CardFields;
  problems: PhotoProblem[];
  /** Milliseconds spent on QR and on OCR, for logs and the benchmark. */
  timings: { qrMs: number; ocrMs: number };
}

/** Reads photos one at a time on one long-lived engine; `close` frees it. */
export interface PhotoReader {
  read(bytes: Buffer): Promise<PhotoReading>;
  close(): Promise<void>;
}
