/**
 * What a benchmark reports: named figures, each with the aim it is measured against.
 */

export interface Figure {
  /** What was measured, e.g. "IDs validated per second". */
  name: string;
  value: number;
  unit: string;
  /** The aim in words, e.g. ">= 1,000,000". */
  aim?: string;
  /** Whether the aim was met (absent when there is no aim). */
  met?: boolean;
}

/** The middle value (the upper middle of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** What a benchmark file measures; it runs it with `runAlone`. */
export type Benchmark = () => Promise<Figure[]>;

/** Format figures as an aligned text table. */
export function formatTable(rows: Array<Figure & { bench: string }>): string {
  const cells = rows.map((r) => [
    r.bench,
    r.name,
    `${formatNumber(r.value)} ${r.unit}`,
    r.aim ?? '',
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const header = ['bench', 'figure', 'value', 'aim', ''];
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i] ?? ''))));
  const line = (c: string[]) =>
    c
      .map((s, i) => s + ' '.repeat((widths[i] ?? 0) - width(s)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) < 10 ? 3 : 1 });
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** The line prefix of the figures a benchmark prints for `bench/run.ts` (`--figures-json`). */
export const FIGURES_MARK = 'FIGURES ';

/**
 * Run one benchmark file directly (`tsx bench/x.bench.ts`) and print its table, or, with `--figures-json`
 * (from bench/run.ts), one line of JSON figures.
 */
export async function runAlone(bench: string, fn: Benchmark): Promise<void> {
  const figures = await fn();
  if (process.argv.includes('--figures-json')) console.log(FIGURES_MARK + JSON.stringify(figures));
  else console.log(formatTable(figures.map((f) => ({ ...f, bench }))));
}
