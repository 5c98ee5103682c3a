/**
 * The captcha picture: four digits drawn as strokes in an SVG (no font needed) and rendered to PNG with sharp,
 * about 120x40 px like the real one. The noise level decides rotation, stroke jitter, lines and dots.
 */
import sharp from 'sharp';
import { assertNever } from '../domain/status.js';
import { DIGIT_GLYPHS, GLYPH_HEIGHT, GLYPH_WIDTH, type Point } from './glyphs.js';
import { type Random, randomIn, randomIntIn } from './random.js';

/** How hard the picture is to read: `off` = clean digits, `easy` = a little noise, `noisy` = much. */
export type CaptchaLevel = 'easy' | 'noisy' | 'off';

export const CAPTCHA_WIDTH = 120;
export const CAPTCHA_HEIGHT = 40;
const DIGITS = 4;
const SCALE = 1.5;

interface Noise {
  maxRotation: number;
  maxShift: number;
  jitter: number;
  lines: number;
  curves: number;
  dots: number;
  lineColor: () => string;
}

function noiseOf(level: CaptchaLevel, random: Random): Noise {
  switch (level) {
    case 'off':
      return {
        maxRotation: 0,
        maxShift: 0,
        jitter: 0,
        lines: 0,
        curves: 0,
        dots: 0,
        lineColor: () => '#000',
      };
    case 'easy':
      return {
        maxRotation: 12,
        maxShift: 2,
        jitter: 0,
        lines: 2,
        curves: 0,
        dots: 18,
        lineColor: () => lightColor(random),
      };
    case 'noisy':
      return {
        maxRotation: 25,
        maxShift: 4,
        jitter: 0.45,
        lines: 4,
        curves: 2,
        dots: 70,
        lineColor: () => inkColor(random),
      };
    default:
      return assertNever(level);
  }
}

function inkColor(random: Random): string {
  return `hsl(${randomIntIn(random, 0, 359)},${randomIntIn(random, 50, 80)}%,${randomIntIn(random, 18, 35)}%)`;
}

function lightColor(random: Random): string {
  return `hsl(${randomIntIn(random, 0, 359)},${randomIntIn(random, 30, 60)}%,${randomIntIn(random, 72, 85)}%)`;
}

/** Draw four random digits; `random` decides both the digits and the picture. */
export function drawCaptchaAnswer(random: Random): string {
  let answer = '';
  for (let i = 0; i < DIGITS; i++) answer += String(randomIntIn(random, 0, 9));
  return answer;
}

/** The SVG of a captcha showing `answer` (digits only). */
export function captchaSvg(answer: string, level: CaptchaLevel, random: Random): string {
  const noise = noiseOf(level, random);
  const parts: string[] = [];
  const slot = CAPTCHA_WIDTH / DIGITS;
  for (const [i, ch] of [...answer].entries()) {
    const glyph = DIGIT_GLYPHS[Number(ch)];
    if (!glyph) throw new RangeError(`验证码只能包含数字：${ch}`);
    const cx = slot * (i + 0.5) + randomIn(random, -noise.maxShift, noise.maxShift);
    const cy = CAPTCHA_HEIGHT / 2 + randomIn(random, -noise.maxShift, noise.maxShift);
    const angle = (randomIn(random, -noise.maxRotation, noise.maxRotation) * Math.PI) / 180;
    const place = ([x, y]: Point): string => {
      const gx = (x - GLYPH_WIDTH / 2 + randomIn(random, -noise.jitter, noise.jitter)) * SCALE;
      const gy = (y - GLYPH_HEIGHT / 2 + randomIn(random, -noise.jitter, noise.jitter)) * SCALE;
      const px = cx + gx * Math.cos(angle) - gy * Math.sin(angle);
      const py = cy + gx * Math.sin(angle) + gy * Math.cos(angle);
      return `${px.toFixed(2)} ${py.toFixed(2)}`;
    };
    const color = level === 'off' ? '#000' : inkColor(random);
    const d = glyph.map((stroke) => `M${stroke.map(place).join(' L')}`).join(' ');
    parts.push(
      `<path d="${d}" stroke="${color}" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`,
    );
  }
  for (let i = 0; i < noise.lines; i++) {
    const [x1, y1, x2, y2] = [0, CAPTCHA_HEIGHT, CAPTCHA_WIDTH, CAPTCHA_HEIGHT].map((m) =>
      randomIn(random, 0, m),
    );
    const w = level === 'noisy' ? randomIn(random, 1, 1.8) : 1;
    parts.push(
      `<line x1="${x1?.toFixed(1)}" y1="${y1?.toFixed(1)}" x2="${x2?.toFixed(1)}" y2="${y2?.toFixed(1)}" stroke="${noise.lineColor()}" stroke-width="${w.toFixed(2)}"/>`,
    );
  }
  for (let i = 0; i < noise.curves; i++) {
    const y = () => randomIn(random, 5, CAPTCHA_HEIGHT - 5).toFixed(1);
    parts.push(
      `<path d="M0 ${y()} C40 ${y()} 80 ${y()} ${CAPTCHA_WIDTH} ${y()}" stroke="${noise.lineColor()}" stroke-width="1.5" fill="none"/>`,
    );
  }
  for (let i = 0; i < noise.dots; i++) {
    const x = randomIn(random, 0, CAPTCHA_WIDTH).toFixed(1);
    const y = randomIn(random, 0, CAPTCHA_HEIGHT).toFixed(1);
    const color = level === 'noisy' && i % 2 === 0 ? inkColor(random) : lightColor(random);
    parts.push(`<circle cx="${x}" cy="${y}" r="${randomIn(random, 0.5, 1.3).toFixed(2)}" fill="${color}"/>`);
  }
  const background = level === 'off' ? '#ffffff' : '#f3f6fa';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CAPTCHA_WIDTH}" height="${CAPTCHA_HEIGHT}"><rect width="100%" height="100%" fill="${background}"/>${parts.join('')}</svg>`;
}

/** The PNG of a captcha showing `answer`. */
export async function renderCaptcha(answer: string, level: CaptchaLevel, random: Random): Promise<Buffer> {
  return sharp(Buffer.from(captchaSvg(answer, level, random)))
    .png()
    .toBuffer();
}
