/**
 * Read a .docx back for the tests: its parts unzipped, and in word/document.xml the paragraphs (style and text,
 * in document order) and the tables (rows of cell texts).
 */
import { strFromU8, unzipSync } from 'fflate';

/** The text of each part of the package, by path (word/document.xml, word/styles.xml …). */
export function docxParts(bytes: Uint8Array): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const [path, data] of Object.entries(unzipSync(bytes))) parts[path] = strFromU8(data);
  return parts;
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of the runs inside `xml`, a tab in a run as `\t`. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
    .map((m) => (m[0] === '<w:tab/>' ? '\t' : decode(m[1] ?? '')))
    .join('');
}

export interface DocxParagraph {
  style?: string;
  text: string;
  /** Inside a table cell. */
  inTable: boolean;
  /** Ends in a tab to the right margin drawn as a line (an underscore leader): a line to write on. */
  lineToFill: boolean;
}

/** Every paragraph of document.xml in order, with its style id. */
export function paragraphsOf(documentXml: string): DocxParagraph[] {
  const tableSpans = [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => [
    m.index,
    m.index + m[0].length,
  ]);
  return [...documentXml.matchAll(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g)].map((m) => {
    const style = /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1];
    const text = textOf(m[0]);
    return {
      ...(style ? { style } : {}),
      text,
      inTable: tableSpans.some(([from, to]) => m.index >= (from ?? 0) && m.index < (to ?? 0)),
      lineToFill: text.endsWith('\t') && /<w:tab w:val="right" [^>]*w:leader="underscore"\/>/.test(m[0]),
    };
  });
}

/** Every table of document.xml: rows of cells, a cell's paragraphs joined by a newline. */
export function tablesOf(documentXml: string): string[][][] {
  return [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((table) =>
    [...table[0].matchAll(/<w:tr(?: [^>]*)?>[\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) =>
        [...cell[0].matchAll(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])).join('\n'),
      ),
    ),
  );
}
