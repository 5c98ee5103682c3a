/**
 * The look of a Chinese official document (GB/T 9704-2012, 党政机关公文格式) as Word styles: A4 with its margins,
 * 2号 title, 3号 body on a fixed 28-point line, 黑体 level-1 and 楷体 level-2 headings. The standard names
 * 方正小标宋简体 and 仿宋_GB2312, which a plain Windows lacks: the fonts here are the ones every Windows has (宋体,
 * 仿宋, 黑体, 楷体), so Word and WPS show the document as drawn without extra fonts.
 */
import {
  AlignmentType,
  convertMillimetersToTwip,
  type IParagraphStyleOptions,
  type IStylesOptions,
  LineRuleType,
  sectionPageSizeDefaults,
} from 'docx';

/** East Asian fonts by use; Latin letters and digits in Times New Roman. */
export const FONTS = { title: '宋体', body: '仿宋', heading1: '黑体', heading2: '楷体' } as const;

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt (page numbers), 5号 10.5 pt (table text). */
export const SIZES = { title: 44, body: 32, pageNumber: 28, table: 21 } as const;

/** A4 and the standard's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm): a 156 mm wide text area. */
export const PAGE = {
  size: { width: sectionPageSizeDefaults.WIDTH, height: sectionPageSizeDefaults.HEIGHT },
  margin: {
    top: convertMillimetersToTwip(37),
    bottom: convertMillimetersToTwip(35),
    left: convertMillimetersToTwip(28),
    right: convertMillimetersToTwip(26),
    footer: convertMillimetersToTwip(20),
  },
};

/** Width of the text area in twips. */
export const TEXT_WIDTH = convertMillimetersToTwip(210 - 28 - 26);

/** A run's fonts: `eastAsia` for Han characters, Times New Roman for the rest. */
export function fontOf(eastAsia: string) {
  return { eastAsia, ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' };
}

/** Two characters of body text (the first-line indent; 4 of them: the closing's right indent). */
const TWO_CHARS = 2 * SIZES.body * 10;
/** The body's fixed line: 28 pt. */
const BODY_LINE = { line: 560, lineRule: LineRuleType.EXACT };

/** Paragraph style ids the renderer uses. */
export const STYLE = {
  title: 'ReportTitle',
  heading1: 'Heading1',
  heading2: 'Heading2',
  body: 'ReportBody',
  table: 'ReportTable',
  tableHeader: 'ReportTableHeader',
  closing: 'ReportClosing',
} as const;

const heading = (id: string, name: string, font: string, outlineLevel: number): IParagraphStyleOptions => ({
  id,
  name,
  basedOn: 'Normal',
  next: STYLE.body,
  quickFormat: true,
  run: { font: fontOf(font), size: SIZES.body, bold: false, color: '000000' },
  paragraph: { indent: { firstLine: TWO_CHARS }, spacing: BODY_LINE, keepNext: true, outlineLevel },
});

export const STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: fontOf(FONTS.body), size: SIZES.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
      paragraph: { spacing: BODY_LINE },
    },
  },
  paragraphStyles: [
    {
      id: STYLE.title,
      name: '公文标题',
      basedOn: 'Normal',
      next: STYLE.body,
      run: { font: fontOf(FONTS.title), size: SIZES.title, bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT } },
    },
    heading(STYLE.heading1, 'heading 1', FONTS.heading1, 0),
    heading(STYLE.heading2, 'heading 2', FONTS.heading2, 1),
    {
      id: STYLE.body,
      name: '公文正文',
      basedOn: 'Normal',
      quickFormat: true,
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: TWO_CHARS } },
    },
    {
      id: STYLE.table,
      name: '表格文字',
      basedOn: 'Normal',
      run: { size: SIZES.table },
      paragraph: { spacing: { line: 300, lineRule: LineRuleType.EXACT } },
    },
    {
      id: STYLE.tableHeader,
      name: '表头文字',
      basedOn: STYLE.table,
      run: { font: fontOf(FONTS.heading1) },
      paragraph: { alignment: AlignmentType.CENTER },
    },
    {
      id: STYLE.closing,
      name: '落款',
      basedOn: 'Normal',
      paragraph: { alignment: AlignmentType.RIGHT, indent: { right: 2 * TWO_CHARS } },
    },
  ],
};
