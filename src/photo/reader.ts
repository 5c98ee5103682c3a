/**
 * The photo reader: bytes in, a `PhotoReading` out — the QR code's text and verdict, and the printed fields of
 * the card. Decoding is bounded (see image.ts); the QR code is read on every photo, the card only when OCR is on
 * and installed. When the card's text reads badly the image is turned by 90°, 180° and 270° (the QR code's own
 * orientation tried first) and the best reading kept. Nothing here throws for a bad photo: each failure is a
 * problem in the reading.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { judgeQrText } from '../domain/qr-host.js';
import { logger } from '../util/logger.js';
import { cardFieldsFromLines } from './card-fields.js';
import { decodePhoto, pngOf, type RgbaImage, transformed } from './image.js';
import { createOcrEngine, loadGutenOcr, type OcrLoader } from './ocr-engine.js';
import { decodeQr } from './qr-decode.js';
import type { CardFields, PhotoProblem, PhotoReader } from './types.js';

/** The reader's settings (`photo.*`) and, for tests, another way to load the OCR engine. */
export interface PhotoReaderOptions {
  settings: Config['photo'];
  loadOcr?: OcrLoader;
}

/** A card reading this good is kept without trying other turns: most labels found, confidently. */
const GOOD_LABELS = 5;
const GOOD_MEAN = 0.85;

const log = logger('photo');

/** The clockwise turn (0, 90, 180, 270) that puts upright a code zxing found at `orientation` degrees. */
function uprightTurnOf(orientation: number): number {
  return (((-Math.round(orientation / 90) * 90) % 360) + 360) % 360;
}

/** A reader with one long-lived OCR engine (created on the first photo that needs it). */
export function createPhotoReader(options: PhotoReaderOptions): PhotoReader {
  const { settings } = options;
  const engine = settings.ocr ? createOcrEngine(options.loadOcr ?? loadGutenOcr) : undefined;
  const qrRules = { officialHosts: settings.officialHosts, maxChars: settings.maxQrTextChars };

  /** The best card reading over the turns, or why there is none. */
  async function readCard(
    image: RgbaImage,
    firstTurn: number,
  ): Promise<{ card?: CardFields; turn: number; problem?: PhotoProblem }> {
    if (!engine) return { turn: 0, problem: 'ocr_unavailable' };
    let best: { card: CardFields; labels: number; mean: number; turn: number } | undefined;
    for (const turn of [...new Set([firstTurn, 0, 90, 270, 180])]) {
      const turned = turn === 0 ? image : await transformed(image, { turn });
      let lines: Awaited<ReturnType<typeof engine.lines>>;
      try {
        lines = await engine.lines(await pngOf(turned));
      } catch (error) {
        log.warn({ err: error }, 'the OCR engine failed; the card is not read');
        return { turn: 0, problem: 'ocr_unavailable' };
      }
      if (!lines) return { turn: 0, problem: 'ocr_unavailable' };
      const { fields, labels } = cardFieldsFromLines(lines);
      const means = Object.values(fields).map((f) => f.confidence);
      const mean = means.length ? means.reduce((a, b) => a + b, 0) / means.length : 0;
      if (!best || labels > best.labels || (labels === best.labels && mean > best.mean))
        best = { card: fields, labels, mean, turn };
      if (labels >= GOOD_LABELS && mean >= GOOD_MEAN) break;
    }
    if (!best || best.labels === 0) return { turn: 0, problem: 'no_card_text' };
    return { card: best.card, turn: best.turn };
  }

  return {
    async read(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const decoded = await decodePhoto(bytes, settings);
      if (!decoded.ok)
        return { sha256, rotated: 0, problems: [decoded.problem], timings: { qrMs: 0, ocrMs: 0 } };
      const { image, width, height } = decoded.photo;
      const problems: PhotoProblem[] = [];
      const qrStart = performance.now();
      const found = await decodeQr(image, settings.maxLongSide * 1.5).catch((error: unknown) => {
        log.warn({ err: error }, 'the QR decoder failed; the photo counts as one without a QR code');
        return undefined;
      });
      const qrMs = performance.now() - qrStart;
      const qr = found ? judgeQrText(found.text, qrRules) : undefined;
      if (!qr) problems.push('no_qr');
      else if (Array.from(found?.text ?? '').length > settings.maxQrTextChars) problems.push('qr_too_long');
      const ocrStart = performance.now();
      const card = await readCard(image, found ? uprightTurnOf(found.orientation) : 0);
      const ocrMs = card.problem === 'ocr_unavailable' ? 0 : performance.now() - ocrStart;
      if (card.problem) problems.push(card.problem);
      return {
        sha256,
        width,
        height,
        rotated: (decoded.photo.rotated + card.turn) % 360,
        ...(qr ? { qr } : {}),
        ...(card.card ? { card: card.card } : {}),
        problems,
        timings: { qrMs, ocrMs },
      };
    },
    async close() {
      await engine?.close();
    },
  };
}
