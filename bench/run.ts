/**
 * `npm run bench`: run every `bench/*.bench.ts` in turn and print one table of figures against their aims.
 * `npm run bench -- store` runs only the benchmarks whose file name contains "store"; `--quick` asks the
 * benchmarks that have a quick mode for fewer rounds (they read it from process.argv).
 */
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Benchmark, type Figure, formatTable } from './figures.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const rows: Array<Figure & { bench: string }> = [];
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`running ${bench}…\n`);
  const start = performance.now();
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Benchmark };
  for (const figure of await mod.default()) rows.push({ ...figure, bench });
  process.stderr.write(`${bench} took ${Math.round((performance.now() - start) / 1000)} s\n`);
}
console.log(
  `machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
);
console.log(formatTable(rows));
