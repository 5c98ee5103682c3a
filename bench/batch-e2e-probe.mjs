/**
 * Helper of batch-e2e.bench.ts, run in a fresh process so its memory figure holds only this run:
 * `node bench/batch-e2e-probe.mjs <cli args…>` runs the compiled `cert-verify` command line (dist/, as installed)
 * in-process (modules loaded first, not timed) and prints, as its last line,
 * `PROBE {"code","ms","rssBeforeMb","peakRssMb"}`. Plain JavaScript, so no TypeScript loader sits in the figure.
 */
import { runCli } from '../dist/cli/run.js';

const args = process.argv.slice(2);
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const start = performance.now();
const code = await runCli(args);
const ms = performance.now() - start;
clearInterval(sampler);
// maxRSS (KiB) also covers peaks between two samples; it includes the loaded modules, like rssBefore.
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const mb = (bytes) => Math.round(bytes / 2 ** 20);
process.stdout.write(
  `\nPROBE ${JSON.stringify({ code, ms, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak) })}\n`,
);
