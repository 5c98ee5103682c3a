/**
 * Draws card-like images of a certificate: the IC-card style 特种作业操作证 (since 2019-09-01) and a screenshot of
 * the electronic certificate, each with its QR code, in the CJK font the system has (fonts-noto-cjk). The text is
 * SVG rendered by sharp; the QR matrix comes from `qrcode` and is drawn as SVG squares.
 */
import QRCode from 'qrcode';
import sharp from 'sharp';
import type { CertificateRecord } from '../../src/domain/certificate.js';

/** Which face is drawn: the plastic card or the phone screenshot of the electronic certificate. */
export type CardStyle = 'ic_card' | 'e_cert';

/** How the dates are printed on the image. */
export type DateStyle = 'dash' | 'dot' | 'han';

/** What to draw: the certificate's printed fields, its QR text, the face and the date style. */
export interface CardDrawing {
  cert: CertificateRecord;
  qrText: string;
  style: CardStyle;
  dates: DateStyle;
}

const FONT = 'Noto Sans CJK SC';

/** `YYYY-MM-DD` printed in `style`. */
export function printedDate(date: string, style: DateStyle): string {
  const [y, m, d] = date.split('-');
  switch (style) {
    case 'dash':
      return date;
    case 'dot':
      return `${y}.${m}.${d}`;
    case 'han':
      return `${y}年${m}月${d}日`;
    default: {
      const never: never = style;
      return never;
    }
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The QR matrix of `text` as SVG squares, `size` pixels wide with a quiet zone of 4 modules, at (x, y). */
export function qrSvg(text: string, x: number, y: number, size: number): string {
  // Level M as certificates print it; L only where a long text would not fit otherwise.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: text.length > 2000 ? 'L' : 'M' });
  const count = modules.size + 8;
  const cell = size / count;
  const squares: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col))
        squares.push(
          `<rect x="${(x + (col + 4) * cell).toFixed(2)}" y="${(y + (row + 4) * cell).toFixed(2)}" width="${(cell + 0.05).toFixed(2)}" height="${(cell + 0.05).toFixed(2)}"/>`,
        );
    }
  }
  return `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="#fff"/><g fill="#000">${squares.join('')}</g>`;
}

/** The label and value lines a face prints, in order. */
export function printedLines(drawing: CardDrawing): Array<[string, string]> {
  const { cert, dates } = drawing;
  const date = (d: string | undefined) => (d ? printedDate(d, dates) : '');
  const lines: Array<[string, string]> = [
    ['证号', cert.certNumber ?? `T${cert.idNumber}`],
    ['姓名', cert.name],
    ['性别', cert.sex ?? ''],
    ['作业类别', cert.category ?? ''],
    [drawing.style === 'ic_card' ? '操作项目' : '准操项目', cert.item ?? ''],
    ['初领日期', date(cert.firstIssued)],
    [
      drawing.style === 'ic_card' ? '有效期限' : '有效期',
      `${date(cert.validFrom)} 至 ${date(cert.validUntil)}`,
    ],
  ];
  if (cert.reviewDue) lines.push(['应复审日期', date(cert.reviewDue)]);
  if (cert.reviewedOn) lines.push(['实际复审日期', date(cert.reviewedOn)]);
  lines.push(['签发机关', cert.issuer ?? '']);
  return lines;
}

function icCardSvg(drawing: CardDrawing): { svg: string; width: number; height: number } {
  const width = 1100;
  const height = 700;
  const rows = printedLines(drawing);
  const lineHeight = 46;
  const text = rows
    .map(([label, value], i) => {
      const y = 200 + i * lineHeight;
      return `<text x="250" y="${y}" font-size="27" fill="#333">${escapeXml(label)}</text><text x="440" y="${y}" font-size="27" fill="#000">${escapeXml(value)}</text>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FONT}">
<rect width="${width}" height="${height}" rx="36" fill="#eaf3fb"/>
<rect x="0" y="0" width="${width}" height="118" rx="36" fill="#2a6fb0"/>
<rect x="0" y="80" width="${width}" height="38" fill="#2a6fb0"/>
<text x="${width / 2}" y="54" font-size="30" fill="#fff" text-anchor="middle">中华人民共和国</text>
<text x="${width / 2}" y="100" font-size="34" fill="#fff" text-anchor="middle" font-weight="bold">特种作业操作证</text>
<rect x="50" y="170" width="160" height="210" fill="#cfd8e3" stroke="#8a9bb0"/>
<circle cx="130" cy="245" r="42" fill="#9fb1c6"/><rect x="72" y="300" width="116" height="70" rx="30" fill="#9fb1c6"/>
${text}
${qrSvg(drawing.qrText, 50, 440, 200)}
</svg>`;
  return { svg, width, height };
}

function eCertSvg(drawing: CardDrawing): { svg: string; width: number; height: number } {
  const width = 720;
  const rows = printedLines(drawing);
  const lineHeight = 58;
  const top = 230;
  const qrTop = top + rows.length * lineHeight + 20;
  const height = qrTop + 360;
  const text = rows
    .map(([label, value], i) => {
      const y = top + i * lineHeight;
      return `<text x="40" y="${y}" font-size="28" fill="#666">${escapeXml(label)}：</text><text x="220" y="${y}" font-size="26" fill="#111">${escapeXml(value)}</text><line x1="40" x2="${width - 40}" y1="${y + 20}" y2="${y + 20}" stroke="#e5e5e5"/>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FONT}">
<rect width="${width}" height="${height}" fill="#f5f6f8"/>
<rect width="${width}" height="60" fill="#ededed"/>
<text x="30" y="40" font-size="24" fill="#111">9:41</text>
<text x="${width / 2}" y="112" font-size="32" fill="#111" text-anchor="middle">特种作业操作证（电子证）</text>
<rect x="20" y="150" width="${width - 40}" height="${qrTop - 130 + 330}" rx="16" fill="#fff"/>
${text}
${qrSvg(drawing.qrText, (width - 300) / 2, qrTop, 300)}
</svg>`;
  return { svg, width, height };
}

/** A QR code of `text` alone on white, `size` pixels square, as a PNG. */
export async function drawQr(text: string, size: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${qrSvg(text, 0, 0, size)}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The drawn face as a PNG, upright and undistorted. */
export async function drawCard(drawing: CardDrawing): Promise<Buffer> {
  const { svg } = drawing.style === 'ic_card' ? icCardSvg(drawing) : eCertSvg(drawing);
  return sharp(Buffer.from(svg)).png().toBuffer();
}
