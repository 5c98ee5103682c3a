/**
 * Draw a 自查整改报告 as a Word document (.docx) in the official document's look (docx-style.ts): the title, the
 * sections with their headings, the table with its header repeated on every page, room for the seal above the
 * unit and the date, and the page number in the footer (— 1 —).
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { assertNever } from '../../../domain/status.js';
import { FONTS, fontOf, PAGE, SIZES, STYLE, STYLES, TEXT_WIDTH } from './docx-style.js';
import { BLANK, type ReportBlock, type ReportColumn, type SelfCheckReport } from './model.js';

/** Blank lines above the unit, for the seal. */
const SEAL_LINES = 3;

/**
 * A blank to fill by hand as Word users draw one: underlined no-break spaces, which no renderer breaks across
 * two lines (a row of underscores may be).
 */
export const BLANK_FILL = '\u00a0'.repeat(16);

/** A body paragraph's runs, each BLANK of the model drawn as an underlined blank. */
function runsOf(text: string): TextRun[] {
  return text
    .split(BLANK)
    .flatMap((part, i) => [
      ...(i > 0 ? [new TextRun({ text: BLANK_FILL, underline: { type: UnderlineType.SINGLE } })] : []),
      ...(part ? [new TextRun(part)] : []),
    ]);
}

function cell(text: string, style: string, width: number, centred: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    children: text
      .split('\n')
      .map(
        (line) =>
          new Paragraph({ style, text: line, ...(centred ? { alignment: AlignmentType.CENTER } : {}) }),
      ),
  });
}

function table(columns: readonly ReportColumn[], rows: readonly string[][]): Table {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / total));
  const row = (cells: readonly string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map((text, i) =>
        cell(text, header ? STYLE.tableHeader : STYLE.table, widths[i] ?? 0, header || text.length <= 12),
      ),
    });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    rows: [
      row(
        columns.map((c) => c.header),
        true,
      ),
      ...rows.map((cells) => row(cells, false)),
    ],
  });
}

function block(part: ReportBlock): Paragraph | Table {
  switch (part.kind) {
    case 'subheading':
      return new Paragraph({ heading: HeadingLevel.HEADING_2, style: STYLE.heading2, text: part.text });
    case 'paragraph':
      return new Paragraph({ style: STYLE.body, children: runsOf(part.text) });
    case 'table':
      return table(part.columns, part.rows);
    default:
      return assertNever(part);
  }
}

const pageNumberFooter = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            font: fontOf(FONTS.title),
            size: SIZES.pageNumber,
            children: ['— ', PageNumber.CURRENT, ' —'],
          }),
        ],
      }),
    ],
  });

/** The .docx bytes of `report`. */
export async function renderSelfCheckDocx(report: SelfCheckReport): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    ...report.title.map((line) => new Paragraph({ style: STYLE.title, text: line })),
    new Paragraph({ style: STYLE.body, text: '' }),
    ...report.sections.flatMap((section) => [
      new Paragraph({ heading: HeadingLevel.HEADING_1, style: STYLE.heading1, text: section.heading }),
      ...section.blocks.map(block),
    ]),
    ...Array.from({ length: SEAL_LINES }, () => new Paragraph({ text: '' })),
    new Paragraph({ style: STYLE.closing, text: report.closing.unit }),
    new Paragraph({ style: STYLE.closing, text: report.closing.date }),
  ];
  const document = new Document({
    title: report.title.join(''),
    creator: 'cert-verify',
    styles: STYLES,
    sections: [{ properties: { page: PAGE }, footers: { default: pageNumberFooter() }, children }],
  });
  return Packer.toBuffer(document);
}
