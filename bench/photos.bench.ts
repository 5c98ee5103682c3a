/**
 * Photo reading on the synthetic set (test/helpers/card-photos.ts: IC cards and electronic-certificate
 * screenshots of the simulator's people, clean, tilted, turned, by EXIF tag, in perspective, with glare, small,
 * JPEG-compressed; official and fake QR hosts; altered cards): how many QR codes are decoded, ID numbers and
 * fields read exactly (category and item with brackets aside, as the comparison with the platform takes them),
 * fake hosts flagged (and official ones not); seconds per photo beside sharp decoding and resizing the same
 * photo, photo by photo in alternating order; peak memory beside the process's peak before the first photo; the
 * install size the photo packages add beside the whole of node_modules. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { CARD_FIELDS, type CardField } from '../src/domain/card-fields.js';
import { normaliseItemText } from '../src/domain/catalogue.js';
import { createPhotoReader } from '../src/photo/reader.js';
import type { PhotoReading } from '../src/photo/types.js';
import { samplePhotos } from '../test/helpers/card-photos.js';
import { alternate, type Figure, median, QUICK, runAlone } from './figures.js';

const COUNT = QUICK ? 33 : 60;
const ROOT = join(import.meta.dirname, '..');
const settings = (JSON.parse(readFileSync(join(ROOT, 'config', 'default.json'), 'utf8')) as { photo: never })
  .photo;

/** Category and item as the comparison with the platform takes them (brackets aside); the rest exactly. */
function sameText(field: CardField, read: string, printed: string): boolean {
  if (field === 'category' || field === 'item') return normaliseItemText(read) === normaliseItemText(printed);
  return read === printed;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 100 : Number(((100 * part) / whole).toFixed(1));
}

function atLeast(name: string, part: number, whole: number, aim: number): Figure {
  const value = share(part, whole);
  return { name: `${name} (${part}/${whole})`, value, unit: '%', aim: `>= ${aim}%`, met: value >= aim };
}

/** The value at fraction `p` of the sorted values. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** Megabytes on disk of the given folders of node_modules (du, apparent sizes not used: blocks count). */
function diskMb(paths: string[]): number {
  const out = execFileSync('du', ['-sk', '-c', ...paths], { encoding: 'utf8' });
  const total = /(\d+)\s+total\s*$/.exec(out.trim())?.[1] ?? '0';
  return Math.round(Number(total) / 1024);
}

const OCR_PACKAGES = ['@gutenye', 'onnxruntime-node', 'onnxruntime-common'];

async function bench(): Promise<Figure[]> {
  process.stderr.write(`drawing ${COUNT} photos…\n`);
  const photos = await samplePhotos(COUNT);
  const reader = createPhotoReader({ settings });
  const decodeOnly = (bytes: Buffer) =>
    sharp(bytes)
      .rotate()
      .resize({ width: 2000, height: 2000, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer();
  await decodeOnly(photos[0]?.bytes ?? Buffer.alloc(0));
  const peakBeforeMb = process.resourceUsage().maxRSS / 1024;
  const seconds: number[] = [];
  const baselineSeconds: number[] = [];
  const qrSeconds: number[] = [];
  const readings: PhotoReading[] = [];
  let index = 0;
  for (const photo of photos) {
    await alternate(1, [
      async () => {
        const start = performance.now();
        await decodeOnly(photo.bytes);
        baselineSeconds.push((performance.now() - start) / 1000);
      },
      async () => {
        const start = performance.now();
        const reading = await reader.read(photo.bytes);
        seconds.push((performance.now() - start) / 1000);
        qrSeconds.push(reading.timings.qrMs / 1000);
        readings.push(reading);
      },
    ]);
    index++;
    if (index % 10 === 0) process.stderr.write(`  ${index}/${photos.length} read\n`);
  }
  const peakAfterMb = process.resourceUsage().maxRSS / 1024;
  await reader.close();

  const tally = {
    qr: 0,
    id: 0,
    fields: 0,
    printed: 0,
    fakes: 0,
    fakesFlagged: 0,
    officials: 0,
    officialsFlagged: 0,
  };
  const misses: string[] = [];
  photos.forEach((photo, i) => {
    const reading = readings[i] as PhotoReading;
    if (reading.qr?.text === photo.qrText) tally.qr++;
    else misses.push(`${photo.name}: QR ${reading.qr?.text ?? reading.problems.join(',')}`);
    const flagged = reading.qr !== undefined && !reading.qr.official;
    if (photo.qrOfficial) {
      tally.officials++;
      if (flagged) tally.officialsFlagged++;
    } else {
      tally.fakes++;
      if (flagged) tally.fakesFlagged++;
    }
    if (reading.card?.idNumber?.text === photo.printed.idNumber) tally.id++;
    // Every field a card prints, compared exactly (dates as YYYY-MM-DD).
    for (const field of CARD_FIELDS) {
      const printed = photo.printed[field];
      if (typeof printed !== 'string' || printed === '') continue;
      tally.printed++;
      const read = reading.card?.[field]?.text;
      if (read !== undefined && sameText(field, read, printed)) tally.fields++;
      else misses.push(`${photo.name}: ${field} ${read ?? '—'} ≠ ${printed}`);
    }
  });
  for (const miss of misses) process.stderr.write(`  miss ${miss}\n`);

  const ratios = seconds.map((s, i) => s / (baselineSeconds[i] as number));
  const baselineWhat =
    'sharp decoding the same photo (EXIF turn, long side to 2000 px, RGBA), photo by photo';
  const added = diskMb(OCR_PACKAGES.map((p) => join(ROOT, 'node_modules', p)));
  const zxing = diskMb([join(ROOT, 'node_modules', 'zxing-wasm')]);
  const all = diskMb([`${join(ROOT, 'node_modules')}/`]);
  return [
    atLeast(`QR codes decoded of ${photos.length} photos`, tally.qr, photos.length, 99),
    atLeast('ID numbers read exactly', tally.id, photos.length, 97),
    atLeast('printed fields read exactly', tally.fields, tally.printed, 95),
    atLeast('fake QR hosts flagged', tally.fakesFlagged, tally.fakes, 100),
    {
      name: `official QR hosts flagged (${tally.officialsFlagged}/${tally.officials})`,
      value: tally.officialsFlagged,
      unit: 'photos',
      aim: '= 0',
      met: tally.officialsFlagged === 0,
    },
    {
      name: 'seconds per photo, median (QR + OCR, one engine)',
      value: Number(median(seconds).toFixed(3)),
      unit: 's',
      baseline: { value: Number(median(baselineSeconds).toFixed(4)), what: baselineWhat },
      ratio: Number(median(ratios).toFixed(1)),
    },
    {
      name: 'seconds per photo, p95',
      value: Number(percentile(seconds, 0.95).toFixed(3)),
      unit: 's',
      baseline: { value: Number(percentile(baselineSeconds, 0.95).toFixed(4)), what: baselineWhat },
      ratio: Number((percentile(seconds, 0.95) / percentile(baselineSeconds, 0.95)).toFixed(1)),
    },
    {
      name: 'seconds for the QR code alone, median (2× retry included)',
      value: Number(median(qrSeconds).toFixed(4)),
      unit: 's',
      baseline: { value: Number(median(baselineSeconds).toFixed(4)), what: baselineWhat },
      ratio: Number(median(qrSeconds.map((s, i) => s / (baselineSeconds[i] as number))).toFixed(2)),
    },
    {
      name: 'peak resident memory after all photos',
      value: Math.round(peakAfterMb),
      unit: 'MB',
      baseline: {
        value: Math.round(peakBeforeMb),
        what: 'peak resident memory of the same process before the first photo (photos drawn, sharp loaded)',
      },
      ratio: Number((peakAfterMb / peakBeforeMb).toFixed(2)),
    },
    {
      name: `install size of the OCR engine (${OCR_PACKAGES.join(', ')}; optional) + zxing-wasm ${zxing} MB`,
      value: added,
      unit: 'MB',
      baseline: { value: all, what: 'all of node_modules (du)' },
      ratio: Number((added / all).toFixed(2)),
    },
  ];
}

await runAlone('photos', bench);
