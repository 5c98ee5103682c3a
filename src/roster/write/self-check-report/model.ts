/**
 * The 自查整改报告 as plain data before it is drawn: the template's title (seed 000, 附件1), its four sections of
 * headings, paragraphs and one table, and the closing. Builders fill it; the Word renderer draws any such report.
 */

/** A part of a section, in order. */
export type ReportBlock =
  /** A level-2 heading: （一）…, set in 楷体. */
  | { kind: 'subheading'; text: string }
  /** A body paragraph, first line indented two characters. */
  | { kind: 'paragraph'; text: string }
  /**
   * A line of a form: "label：value", or without a value "label：" and a line to the margin to fill in by hand
   * (what the bot cannot know).
   */
  | { kind: 'field'; label: string; value?: string }
  /** A table: its header row, then rows of cells; a cell's `\n` starts a new paragraph inside it. */
  | { kind: 'table'; columns: ReportColumn[]; rows: string[][] };

export interface ReportColumn {
  header: string;
  /** Share of the table's width, relative to the other columns. */
  width: number;
}

/** A level-1 section: 一、基本情况 … */
export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

export interface SelfCheckReport {
  /** The title's lines, centred. */
  title: string[];
  sections: ReportSection[];
  /** 单位名称（加盖公章）：… and the date line, right-aligned, room above them for the seal. */
  closing: { unit: string; date: string };
}
