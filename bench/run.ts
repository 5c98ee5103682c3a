/**
 * `npm run bench`: run every `bench/*.bench.ts` and print one table of figures, each beside the baseline it
 * measured in the same run, the ratio of the two and the aim on that ratio. Each benchmark runs in a fresh
 * process, so a memory figure holds only its own work and no benchmark slows the next. `npm run bench -- store`
 * runs only the benchmarks whose file name contains "store"; `--quick` asks the benchmarks that have a quick
 * mode for fewer rounds (they read it from process.argv); `--check` makes the exit code 1 when an aim is missed
 * (for use by hand: the figures still depend on the machine, so never in CI). A benchmark that fails makes the
 * exit code 1 either way.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCode, FIGURES_MARK, type Figure, formatTable, missed } from './figures.js';

/**
 * The collector runs on the benchmark's own thread (`--single-threaded-gc`), so a figure and its baseline get
 * the same share of a busy machine's cores: with helper threads, the side that makes more garbage would also
 * wait for cores the other processes hold. `--expose-gc` lets the rounds start each step on a clean heap.
 */
const NODE_FLAGS = ['--single-threaded-gc', '--expose-gc'];
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const filter = args.find((arg) => !arg.startsWith('--')) ?? '';
const passed = args.filter((arg) => arg.startsWith('--'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const rows: Array<Figure & { bench: string }> = [];
let failed = 0;
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`running ${bench}…\n`);
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [...NODE_FLAGS, '--import', 'tsx', join(here, file), '--figures-json', ...passed],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith(FIGURES_MARK));
  if (run.status !== 0 || !line) {
    failed++;
    process.stderr.write(`${bench} failed (exit ${run.status})\n`);
    continue;
  }
  for (const figure of JSON.parse(line.slice(FIGURES_MARK.length)) as Figure[])
    rows.push({ ...figure, bench });
  process.stderr.write(`${bench} took ${Math.round((performance.now() - start) / 1000)} s\n`);
}
console.log(
  `machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
);
console.log(formatTable(rows));
const misses = missed(rows);
if (misses.length > 0) process.stderr.write(`${misses.length} aims missed (marked MISSED)\n`);
process.exitCode = exitCode(rows, { failed, check: passed.includes('--check') });
