/**
 * What a benchmark reports: named figures, most of them beside a baseline measured in the same process and run
 * (the machine's speed at that moment), with the aim on the ratio of the two; and the helper that measures a
 * figure and its baseline in alternating rounds.
 */

export interface Figure {
  /** What was measured, e.g. "IDs validated per second". */
  name: string;
  value: number;
  unit: string;
  /** The baseline measured beside it, in the same unit, and in words what it is. */
  baseline?: { value: number; what: string };
  /**
   * How many times the baseline's time the figure's work takes (for a rate: the baseline's rate ÷ the figure's),
   * the median over alternating rounds: lower is better.
   */
  ratio?: number;
  /** The aim in words, e.g. "< 4.5×" (on the ratio when there is one), ">= 95%". */
  aim?: string;
  /** Whether the aim was met (absent when there is no aim). */
  met?: boolean;
}

/** The middle value (the upper middle of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The collector, when the process runs with `--expose-gc` (bench/run.ts starts each benchmark so). */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Run `steps` for `rounds` rounds, every other round in reverse order (AB BA AB …), so that load which comes and
 * goes falls on every step alike and none always runs first (on a cold cache). Before each step the garbage of
 * the one before is collected (with `--expose-gc`), so no step pays for another's.
 */
export async function alternate(rounds: number, steps: Array<() => unknown>): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const step of round % 2 === 0 ? steps : [...steps].reverse()) {
      collect?.();
      await step();
    }
  }
}

/** A figure's per-round costs against its baseline's, from the same rounds. */
export interface Compared {
  /** Median cost of the figure's work per round (lower is better, e.g. ms). */
  subject: number;
  /** Median cost of the baseline per round. */
  baseline: number;
  /** Median of the per-round ratios subject ÷ baseline: each round's pair ran side by side, under one load. */
  ratio: number;
}

/** Compare costs collected round by round (`subject[i]` and `baseline[i]` from round i). */
export function compare(subject: number[], baseline: number[]): Compared {
  if (subject.length !== baseline.length || subject.length === 0)
    throw new Error(`${subject.length} costs against ${baseline.length} baseline costs`);
  return {
    subject: median(subject),
    baseline: median(baseline),
    ratio: median(subject.map((s, i) => s / (baseline[i] as number))),
  };
}

/**
 * Time `subject` and `baseline` (each returns its cost, e.g. elapsed ms) in `rounds` alternating rounds. A
 * baseline's step should last about as long as the subject's: a step much shorter than the slices a busy
 * machine's scheduler hands out can run within one, unslowed, while the longer one waits its turn.
 */
export async function interleaved(
  rounds: number,
  baseline: () => Promise<number> | number,
  subject: () => Promise<number> | number,
): Promise<Compared> {
  const costs: number[] = [];
  const baselineCosts: number[] = [];
  await alternate(rounds, [
    async () => baselineCosts.push(await baseline()),
    async () => costs.push(await subject()),
  ]);
  return compare(costs, baselineCosts);
}

/** Elapsed milliseconds of `fn`. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * A figure beside its baseline, the aim on the ratio: met when `ratio < aim`. `value` and `baseline` are what
 * the reader sees (a rate or a time); `compared.ratio` is always of costs, so lower is better either way.
 */
export function versus(
  figure: { name: string; value: number; unit: string; baseline: number; what: string },
  compared: Pick<Compared, 'ratio'>,
  aim: number,
): Figure {
  const ratio = Number(compared.ratio.toFixed(2));
  return {
    name: figure.name,
    value: figure.value,
    unit: figure.unit,
    baseline: { value: figure.baseline, what: figure.what },
    ratio,
    aim: `< ${aim}×`,
    met: compared.ratio < aim,
  };
}

/** What a benchmark file measures; it runs it with `runAlone`. */
export type Benchmark = () => Promise<Figure[]>;

/** Format figures as an aligned text table, then what each bench's baselines are. */
export function formatTable(rows: Array<Figure & { bench: string }>): string {
  const cells = rows.map((r) => [
    r.bench,
    r.name,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline ? `${formatNumber(r.baseline.value)} ${r.unit}` : '',
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.aim ?? '',
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const header = ['bench', 'figure', 'value', 'baseline', 'ratio', 'aim', ''];
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i] ?? ''))));
  const line = (c: string[]) =>
    c
      .map((s, i) => s + ' '.repeat((widths[i] ?? 0) - width(s)))
      .join('  ')
      .trimEnd();
  const baselines = [
    ...new Set(rows.flatMap((r) => (r.baseline ? [`  ${r.bench}: ${r.baseline.what}`] : []))),
  ];
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    ...(baselines.length > 0
      ? ['', 'baselines (measured in the same run, in alternating rounds):', ...baselines]
      : []),
  ].join('\n');
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

/** The figures that missed their aims. */
export function missed<F extends Figure>(figures: F[]): F[] {
  return figures.filter((f) => f.met === false);
}

/**
 * The exit code of a bench run: 1 when a benchmark failed, or with `check` (`--check`) when an aim was missed;
 * otherwise 0, a missed aim only printed.
 */
export function exitCode(figures: Figure[], options: { failed: number; check: boolean }): number {
  return options.failed > 0 || (options.check && missed(figures).length > 0) ? 1 : 0;
}

/** The line prefix of the figures a benchmark prints for `bench/run.ts` (`--figures-json`). */
export const FIGURES_MARK = 'FIGURES ';

/** Whether the run asks for fewer rounds (`--quick`). */
export const QUICK = process.argv.includes('--quick');

/**
 * Run one benchmark file directly (`tsx bench/x.bench.ts`) and print its table, or, with `--figures-json`
 * (from bench/run.ts), one line of JSON figures. With `--check`, a missed aim makes the exit code 1.
 */
export async function runAlone(bench: string, fn: Benchmark): Promise<void> {
  const figures = await fn();
  if (process.argv.includes('--figures-json')) console.log(FIGURES_MARK + JSON.stringify(figures));
  else {
    console.log(formatTable(figures.map((f) => ({ ...f, bench }))));
    process.exitCode = exitCode(figures, { failed: 0, check: process.argv.includes('--check') });
  }
}
