/**
 * Captcha cleaning before OCR. Ink is told from noise by its darkness in every channel (the HSV value: light
 * lines and dots vanish even when coloured), small specks are dropped, the picture is cut into one column
 * run per digit and the digits are set close together, then upscaled, smoothed and thresholded with sharp.
 * Tesseract reads such a tight, clean line far better than the wide original.
 */
import sharp from 'sharp';

/** One way of setting the digits for OCR; several are tried when a reading is not four digits. */
export interface LineLayout {
  /** Pixels between digits before upscaling. */
  gap: number;
  scale: number;
  /** Gaussian blur sigma after upscaling (smooths the jagged mask edges). */
  blur: number;
  threshold: number;
}

/** A binary picture: 1 = ink. */
export interface InkMask {
  width: number;
  height: number;
  ink: Uint8Array;
}

/** Pixels darker than this in every channel count as ink (light noise is lighter in at least one). */
const INK_VALUE = 172;
/** Connected ink blobs smaller than this are specks, not strokes. */
const MIN_BLOB = 6;
/** A column needs this many ink pixels to belong to a digit. */
const MIN_COLUMN_INK = 2;

/** The ink of a captcha PNG, specks removed. */
export async function inkMask(png: Buffer): Promise<InkMask> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) {
    let value = 0;
    for (let c = 0; c < channels; c++) value = Math.max(value, data[i * channels + c] ?? 255);
    ink[i] = value < INK_VALUE ? 1 : 0;
  }
  dropSpecks({ width, height, ink });
  return { width, height, ink };
}

/** Remove 8-connected blobs smaller than MIN_BLOB pixels. */
function dropSpecks({ width, height, ink }: InkMask): void {
  const seen = new Uint8Array(ink.length);
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    const blob = [start];
    seen[start] = 1;
    for (let k = 0; k < blob.length; k++) {
      const p = blob[k] as number;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (ink[q] && !seen[q]) {
            seen[q] = 1;
            blob.push(q);
          }
        }
      }
    }
    if (blob.length < MIN_BLOB) for (const p of blob) ink[p] = 0;
  }
}

/**
 * Column ranges `[from, to]` holding one digit each: runs of inked columns, the closest runs merged and the
 * widest split at its thinnest column until there are `count`. Empty when there is no ink at all.
 */
export function digitColumns({ width, height, ink }: InkMask, count: number): Array<[number, number]> {
  const column = Array.from({ length: width }, (_, x) => {
    let sum = 0;
    for (let y = 0; y < height; y++) sum += ink[y * width + x] ?? 0;
    return sum;
  });
  let runs: Array<[number, number]> = [];
  for (let x = 0; x < width; x++) {
    if ((column[x] ?? 0) < MIN_COLUMN_INK) continue;
    const last = runs.at(-1);
    if (last && last[1] === x - 1) last[1] = x;
    else runs.push([x, x]);
  }
  runs = runs.filter(([from, to]) => to - from >= 2);
  while (runs.length > count) {
    let best = 0;
    for (let i = 1; i < runs.length - 1; i++) if (gapAfter(runs, i) < gapAfter(runs, best)) best = i;
    runs.splice(best, 2, [runs[best]?.[0] ?? 0, runs[best + 1]?.[1] ?? 0]);
  }
  while (runs.length > 0 && runs.length < count) {
    let widest = 0;
    runs.forEach(([from, to], i) => {
      const [wf, wt] = runs[widest] ?? [0, 0];
      if (to - from > wt - wf) widest = i;
    });
    const [from, to] = runs[widest] ?? [0, 0];
    const parts = Math.min(count - runs.length + 1, Math.max(2, Math.round((to - from) / 20)));
    const aim = Math.round(from + (to - from) / parts);
    let cut = aim;
    for (let x = aim - 4; x <= aim + 4; x++) {
      if (x > from && x < to && (column[x] ?? 0) < (column[cut] ?? 0)) cut = x;
    }
    runs.splice(widest, 1, [from, cut - 1], [cut, to]);
  }
  return runs;
}

function gapAfter(runs: Array<[number, number]>, i: number): number {
  return (runs[i + 1]?.[0] ?? 0) - (runs[i]?.[1] ?? 0);
}

/** The digits of `mask` set side by side `layout.gap` apart, as a clean black-on-white PNG. */
export async function digitLine(
  mask: InkMask,
  columns: Array<[number, number]>,
  layout: LineLayout,
): Promise<Buffer> {
  const { width, height, ink } = mask;
  const lineWidth = columns.reduce((sum, [from, to]) => sum + to - from + 1 + layout.gap, layout.gap);
  const line = Buffer.alloc(lineWidth * height, 255);
  let offset = layout.gap;
  for (const [from, to] of columns) {
    for (let y = 0; y < height; y++) {
      for (let x = from; x <= to; x++) if (ink[y * width + x]) line[y * lineWidth + offset + x - from] = 0;
    }
    offset += to - from + 1 + layout.gap;
  }
  let image = sharp(line, { raw: { width: lineWidth, height, channels: 1 } }).resize({
    width: lineWidth * layout.scale,
    kernel: 'cubic',
  });
  if (layout.blur > 0) image = image.blur(layout.blur);
  return image
    .threshold(layout.threshold)
    .extend({ top: 20, bottom: 20, left: 10, right: 10, background: '#ffffff' })
    .png()
    .toBuffer();
}
