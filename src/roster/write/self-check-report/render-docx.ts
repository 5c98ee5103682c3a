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
  LeaderType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { assertNever } from '../../../domain/status.js';
import { FONTS, fontOf, PAGE, SIZES, STYLE, STYLES, TEXT_WIDTH } from './docx-style.js';
import type { ReportBlock, ReportColumn, SelfCheckReport } from './model.js';

/** Blank lines above the unit, for the seal. */
const SEAL_LINES = 3;

/**
 * A form line: "label：value", or "label：" and a tab to the right margin drawn as a line to write on (an
 * underscore leader: it never breaks over two lines as a row of underscores or spaces may).
 */
function field(label: string, value: string | undefined): Paragraph {
  if (value !== undefined) return new Paragraph({ style: STYLE.body, text: `${label}：${value}` });
  return new Paragraph({
    style: STYLE.body,
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.UNDERSCORE }],
    children: [new TextRun({ children: [`${label}：`, new Tab()] })],
  });
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

/**
 * One block; `keepNext`: a paragraph stays on the page of what follows it (the table it introduces; the closing,
 * which is never left alone on a page).
 */
function block(part: ReportBlock, keepNext: boolean): Paragraph | Table {
  switch (part.kind) {
    case 'subheading':
      return new Paragraph({ heading: HeadingLevel.HEADING_2, style: STYLE.heading2, text: part.text });
    case 'paragraph':
      return new Paragraph({ style: STYLE.body, text: part.text, keepNext });
    case 'field':
      return field(part.label, part.value);
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
    ...report.sections.flatMap((section, s) => [
      new Paragraph({ heading: HeadingLevel.HEADING_1, style: STYLE.heading1, text: section.heading }),
      ...section.blocks.map((part, i) => {
        const last = s === report.sections.length - 1 && i === section.blocks.length - 1;
        return block(part, last || section.blocks[i + 1]?.kind === 'table');
      }),
    ]),
    ...Array.from({ length: SEAL_LINES }, () => new Paragraph({ text: '', keepNext: true })),
    new Paragraph({ style: STYLE.closing, text: report.closing.unit, keepNext: true }),
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
