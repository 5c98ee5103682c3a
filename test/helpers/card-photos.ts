/**
 * The synthetic photo set: the simulator's people drawn as IC cards and electronic-certificate screenshots (see
 * card-image.ts), photographed in the ways people send them — clean, tilted, turned 90/180/270° (also only by an
 * EXIF orientation tag), in perspective, with glare, small, heavily JPEG-compressed — with official QR codes or
 * ones opening look-alike hosts, and some cards altered (validity date, item or issuer changed). Each photo
 * carries its ground truth. Seeded: the same set every run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import { officialQrText, simulatedQrToken } from '../../src/simulator/qr-token.js';
import { type Random, randomIn, randomIntIn, seededRandom } from '../../src/simulator/random.js';
import { type CardStyle, type DateStyle, drawCard } from './card-image.js';

/** How the photo was taken. */
export type Variant =
  | 'clean'
  | 'tilt'
  | 'turn90'
  | 'turn180'
  | 'turn270'
  | 'exif'
  | 'perspective'
  | 'glare'
  | 'small'
  | 'jpeg';

/** Every variant, in the order the set cycles through them. */
export const VARIANTS: readonly Variant[] = [
  'clean',
  'tilt',
  'turn90',
  'perspective',
  'glare',
  'small',
  'turn180',
  'jpeg',
  'exif',
  'turn270',
];

/** A field a forger changes while keeping the holder's name and number. */
export type AlteredField = 'validUntil' | 'category' | 'item' | 'issuer';

/** Other items of the same category, for an altered item that still looks plausible. */
const SIBLING_ITEMS: Record<string, string[]> = {
  电工作业: ['低压电工作业', '高压电工作业', '防爆电气作业'],
  焊接与热切割作业: ['熔化焊接与热切割作业', '压力焊作业', '钎焊作业'],
  高处作业: ['登高架设作业', '高处安装、维护、拆除作业'],
  制冷与空调作业: ['制冷与空调设备运行操作作业', '制冷与空调设备安装修理作业'],
};

/** One photo and what it truly shows. */
export interface SamplePhoto {
  /** A file name without extension, e.g. `07-王芳-ic_card-tilt`. */
  name: string;
  bytes: Buffer;
  style: CardStyle;
  variant: Variant;
  /** What the card prints (differs from `genuine` when altered). */
  printed: CertificateRecord;
  /** The certificate as the simulator's platform holds it. */
  genuine: CertificateRecord;
  /** The fields changed on the card, empty for a genuine card. */
  altered: AlteredField[];
  qrText: string;
  /** Whether the QR code opens an official host. */
  qrOfficial: boolean;
  /** Degrees the reader must turn the image clockwise to read it upright (EXIF or content). */
  uprightTurn: number;
}

/** Hosts of fake lookup pages, as forgers choose them. */
export const FAKE_QR_HOSTS = [
  'https://cx.mem.gov.cn.cxzs.top/certsearch/cert/qrcode#',
  'https://cx-mem-gov.cn/query?cert=',
  'https://xn--cx-mem-gov-8k5k.cn/verify#',
  'https://cx.mem.gov.cn@zscx.vip/cert#',
  'http://wxcx.mem.gov.cn:8080/certsearch/cert/qrcode#',
  'https://zhengshu-cx.com/search?no=',
];

const PEOPLE = join(import.meta.dirname, '..', '..', 'data', 'samples', 'people.json');

/** The simulator's current special-operations certificates, each holder once. */
export function sampleCertificates(): CertificateRecord[] {
  const { certificates } = JSON.parse(readFileSync(PEOPLE, 'utf8')) as {
    certificates: Array<CertificateRecord & { history?: boolean }>;
  };
  const seen = new Set<string>();
  return certificates.filter((c) => {
    if (c.history || c.kind !== 'special' || seen.has(c.idNumber)) return false;
    seen.add(c.idNumber);
    return true;
  });
}

/** `cert` with `change` made as a forger would, and the fields that then differ. */
function alter(
  cert: CertificateRecord,
  change: 'validUntil' | 'item' | 'issuer',
): { printed: CertificateRecord; altered: AlteredField[] } {
  switch (change) {
    case 'validUntil': {
      const until = cert.validUntil ?? '2030-01-01';
      return {
        printed: { ...cert, validUntil: `${Number(until.slice(0, 4)) + 3}${until.slice(4)}` },
        altered: ['validUntil'],
      };
    }
    case 'item': {
      const sibling = SIBLING_ITEMS[cert.category ?? '']?.find((item) => item !== cert.item);
      if (sibling) return { printed: { ...cert, item: sibling }, altered: ['item'] };
      return {
        printed: { ...cert, category: '电工作业', item: '高压电工作业' },
        altered: ['category', 'item'],
      };
    }
    case 'issuer':
      return {
        printed: {
          ...cert,
          issuer: cert.issuer === '广东省应急管理厅' ? '北京市应急管理局' : '广东省应急管理厅',
        },
        altered: ['issuer'],
      };
    default: {
      const never: never = change;
      return never;
    }
  }
}

/** The card on a desk-coloured background, as a phone photographs it. */
async function onDesk(card: Buffer, random: Random): Promise<Buffer> {
  const meta = await sharp(card).metadata();
  const margin = randomIntIn(random, 40, 90);
  const shade = randomIntIn(random, 70, 120);
  return sharp(card)
    .flatten({ background: { r: shade + 30, g: shade + 15, b: shade } })
    .extend({
      top: margin,
      bottom: margin,
      left: margin,
      right: margin,
      background: { r: shade + 30, g: shade + 15, b: shade },
    })
    .resize({ width: (meta.width ?? 1000) + 2 * margin })
    .png()
    .toBuffer();
}

/** Solve the 8 unknowns of the homography mapping `from` quad onto `to` quad. */
function homography(from: number[][], to: number[][]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as [number, number];
    const [u, v] = to[i] as [number, number];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let pivot = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[pivot]?.[c] ?? 0)) pivot = r;
    [a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]];
    const row = a[c] as number[];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const other = a[r] as number[];
      const f = (other[c] ?? 0) / (row[c] ?? 1);
      for (let k = c; k < 9; k++) other[k] = (other[k] ?? 0) - f * (row[k] ?? 0);
    }
  }
  return a.map((row, i) => (row[8] ?? 0) / (row[i] ?? 1));
}

/** The image seen at a slant: its corners moved inward by up to 8 % (bilinear sampling). */
async function perspective(png: Buffer, random: Random): Promise<Buffer> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const j = (n: number) => randomIn(random, 0, 0.08) * n;
  const corners = [
    [j(w), j(h)],
    [w - 1 - j(w), j(h)],
    [w - 1 - j(w), h - 1 - j(h)],
    [j(w), h - 1 - j(h)],
  ];
  // Map each output pixel (the slanted quad) back to the source rectangle.
  const m = homography(corners, [
    [0, 0],
    [w - 1, 0],
    [w - 1, h - 1],
    [0, h - 1],
  ]);
  const [m0, m1, m2, m3, m4, m5, m6, m7] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const out = Buffer.alloc(w * h * 4, 0);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = m6 * x + m7 * y + 1;
      const sx = (m0 * x + m1 * y + m2) / d;
      const sy = (m3 * x + m4 * y + m5) / d;
      const o = (y * w + x) * 4;
      if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) {
        out.set([90, 80, 70, 255], o);
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 4; c++) {
        const p = (yy: number, xx: number) => data[(yy * w + xx) * 4 + c] ?? 0;
        out[o + c] =
          p(y0, x0) * (1 - fx) * (1 - fy) +
          p(y0, x0 + 1) * fx * (1 - fy) +
          p(y0 + 1, x0) * (1 - fx) * fy +
          p(y0 + 1, x0 + 1) * fx * fy;
      }
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: 4 } })
    .png()
    .toBuffer();
}

/** A bright, soft reflection somewhere on the image. */
async function glare(png: Buffer, random: Random): Promise<Buffer> {
  const meta = await sharp(png).metadata();
  const w = meta.width ?? 1;
  const h = meta.height ?? 1;
  const cx = Math.round(randomIn(random, 0.3, 0.8) * w);
  const cy = Math.round(randomIn(random, 0.2, 0.8) * h);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="0.75"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${cx}" cy="${cy}" rx="${Math.round(w * 0.22)}" ry="${Math.round(h * 0.16)}" fill="url(#g)"/></svg>`;
  return sharp(png)
    .composite([{ input: Buffer.from(svg) }])
    .png()
    .toBuffer();
}

/** The photo of `card` in `variant`, as the JPEG a phone sends, and the turn that makes it upright. */
export async function photograph(
  card: Buffer,
  variant: Variant,
  random: Random,
): Promise<{ bytes: Buffer; uprightTurn: number }> {
  const jpeg = (input: Buffer | Sharp, quality = 88) =>
    (Buffer.isBuffer(input) ? sharp(input) : input)
      .flatten({ background: '#5a5046' })
      .jpeg({ quality })
      .toBuffer();
  switch (variant) {
    case 'clean':
      return { bytes: await jpeg(card), uprightTurn: 0 };
    case 'tilt': {
      const angle = randomIn(random, 3, 8) * (random() < 0.5 ? -1 : 1);
      return { bytes: await jpeg(sharp(card).rotate(angle, { background: '#5a5046' })), uprightTurn: 0 };
    }
    case 'turn90':
    case 'turn180':
    case 'turn270': {
      const turn = Number(variant.slice(4));
      return { bytes: await jpeg(sharp(card).rotate(turn)), uprightTurn: (360 - turn) % 360 };
    }
    case 'exif': {
      const [orientation, turn] = (
        [
          [6, 90],
          [8, 270],
          [3, 180],
        ] as const
      )[randomIntIn(random, 0, 2)] ?? [6, 90];
      const stored = await sharp(card)
        .rotate((360 - turn) % 360)
        .flatten({ background: '#5a5046' })
        .jpeg({ quality: 88 })
        .withMetadata({ orientation })
        .toBuffer();
      return { bytes: stored, uprightTurn: turn };
    }
    case 'perspective':
      return { bytes: await jpeg(await perspective(card, random)), uprightTurn: 0 };
    case 'glare':
      return { bytes: await jpeg(await glare(card, random)), uprightTurn: 0 };
    case 'small': {
      const meta = await sharp(card).metadata();
      const long = randomIntIn(random, 620, 720);
      const wide = (meta.width ?? 1) >= (meta.height ?? 1);
      return {
        bytes: await jpeg(sharp(card).resize(wide ? { width: long } : { height: long }), 85),
        uprightTurn: 0,
      };
    }
    case 'jpeg':
      return { bytes: await jpeg(card, 30), uprightTurn: 0 };
    default: {
      const never: never = variant;
      return never;
    }
  }
}

/** What one photo shows and how it is taken. */
export interface PhotoPlan {
  style: CardStyle;
  dates: DateStyle;
  variant: Variant;
  /** The start of a fake lookup URL (the token follows), or undefined for the official QR code. */
  fakeHost?: string;
  alter?: 'validUntil' | 'item' | 'issuer';
}

/** What photo `i` of the set shows: which face, date style, variant, QR host and alteration. */
function planOf(i: number): PhotoPlan {
  const style: CardStyle = i % 3 === 2 ? 'e_cert' : 'ic_card';
  const dates: DateStyle = style === 'e_cert' ? 'han' : ((['dash', 'dot', 'dash'] as const)[i % 3] ?? 'dash');
  const alterations = ['validUntil', 'item', 'issuer'] as const;
  const alter = i % 5 === 4 ? alterations[Math.floor(i / 5) % 3] : undefined;
  const fakeHost = i % 4 === 3 ? FAKE_QR_HOSTS[i % FAKE_QR_HOSTS.length] : undefined;
  return {
    style,
    dates,
    variant: VARIANTS[i % VARIANTS.length] as Variant,
    ...(fakeHost ? { fakeHost } : {}),
    ...(alter ? { alter } : {}),
  };
}

/** The photo of `genuine` as `plan` says, its numbers drawn from `seed`, named `name`. */
export async function samplePhoto(
  genuine: CertificateRecord,
  plan: PhotoPlan,
  seed: number,
  name: string,
): Promise<SamplePhoto> {
  const random = seededRandom(seed);
  const { printed, altered } = plan.alter ? alter(genuine, plan.alter) : { printed: genuine, altered: [] };
  const token = simulatedQrToken(genuine);
  const qrText = plan.fakeHost ? `${plan.fakeHost}${token}` : officialQrText(token);
  let card = await drawCard({ cert: printed, qrText, style: plan.style, dates: plan.dates });
  if (plan.style === 'ic_card') card = await onDesk(card, random);
  const { bytes, uprightTurn } = await photograph(card, plan.variant, random);
  return {
    name,
    bytes,
    style: plan.style,
    variant: plan.variant,
    printed,
    genuine,
    altered,
    qrText,
    qrOfficial: !plan.fakeHost,
    uprightTurn,
  };
}

/**
 * `count` photos over the sample certificates (cycling through them and the variants), seeded by `seed`; every
 * fourth has a fake QR host, every fifth an altered card. `only` keeps just the photos whose index it holds (each
 * photo draws its own numbers, so they are the same photos as in the whole set).
 */
export async function samplePhotos(
  count: number,
  seed = 14,
  only?: (i: number) => boolean,
): Promise<SamplePhoto[]> {
  const certs = sampleCertificates();
  const photos: SamplePhoto[] = [];
  for (let i = 0; i < count; i++) {
    if (only && !only(i)) continue;
    const genuine = certs[i % certs.length] as CertificateRecord;
    const plan = planOf(i);
    const name = `${String(i + 1).padStart(2, '0')}-${genuine.name}-${plan.style}-${plan.variant}`;
    photos.push(await samplePhoto(genuine, plan, seed * 1000 + i, name));
  }
  return photos;
}
