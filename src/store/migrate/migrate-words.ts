/**
 * What `store migrate` says to the operator: the table of counts per kind, the last line, the refusals.
 */
import type { MigrationKind } from './kind.js';
import type { KindOutcome, MigrationOutcome } from './migrate-data-dir.js';

const HEADINGS = ['种类', '文件中', '库中已有', '本次写入'] as const;

/** Columns on a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

function pad(text: string, width: number, alignRight: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return alignRight ? fill + text : text + fill;
}

/** The table of counts, one row per kind, and a last line saying how it ended. */
export function outcomeTable(outcome: MigrationOutcome, wrong: readonly KindOutcome[]): string {
  const rows = outcome.kinds.map((k) => [
    `${k.label}（${k.name}）`,
    String(k.read),
    String(k.stored),
    String(k.added),
  ]);
  const widths = HEADINGS.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, i > 0))
      .join('  ')
      .trimEnd();
  const read = outcome.kinds.reduce((sum, k) => sum + k.read, 0);
  const added = outcome.kinds.reduce((sum, k) => sum + k.added, 0);
  const last =
    wrong.length > 0
      ? `有 ${wrong.length} 种记录的条数不一致，迁移未完成（见下）。`
      : `迁移完成：${outcome.kinds.length} 种记录，文件中共 ${read} 条，库中都有；本次写入 ${added} 条。`;
  return [
    `从 ${outcome.from} 迁移到数据库（原文件只读取，不改动）：`,
    line(HEADINGS),
    ...rows.map(line),
    last,
    '',
  ].join('\n');
}

/** DIR is missing or not a directory. */
export function missingDirText(dir: string): string {
  return `找不到要迁移的数据目录 ${dir}（或它不是目录），未迁移任何记录`;
}

/** DIR holds none of the file store's files. */
export function notDataDirText(dir: string): string {
  return `${dir} 里没有旧版数据目录的文件（cache.jsonl、findings.jsonl、registry.json、ledger.json 等），不像是数据目录，未迁移任何记录`;
}

/** A kind stopped with an error. */
export function kindFailedText(kind: MigrationKind, reason: string): string {
  return `迁移「${kind.label}」（${kind.name}）时出错：${reason}。之前的种类已写入数据库，原文件未改动；查明原因后再运行即可（已写入的不会重复写入）`;
}

/** Some kinds' counts differ: the refusal, naming each. */
export function mismatchText(wrong: readonly KindOutcome[]): string {
  const named = wrong
    .map((k) => `「${k.label}」（${k.name}）文件中 ${k.read} 条、库中 ${k.stored} 条`)
    .join('；');
  return `拒绝完成迁移：${named}。数据库没有存下这些记录，请查明原因（文件损坏、磁盘已满、数据库拒绝写入等）后再运行；原文件未改动`;
}
