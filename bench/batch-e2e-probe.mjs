/**
 * Helper of batch-e2e.bench.ts, run in a fresh process so its memory figure holds only this run:
 * `node bench/batch-e2e-probe.mjs <cli args…>` runs the compiled `cert-verify` command line (dist/, as installed)
 * in-process (modules loaded first, not timed) and prints, as its last line,
 * `PROBE {"code","ms","rssBeforeMb","peakRssMb"}`. Plain JavaScript, so no TypeScript loader sits in the figure.
 *
 * `node bench/batch-e2e-probe.mjs --baseline <dataDir> <roster.xlsx> <out.xlsx>` times instead the run's
 * baseline, the same shape of work with no verifying: exceljs reading the roster, JSON.parse of each line of the
 * data directory's cache.jsonl, and exceljs's streaming writer writing the roster's rows out (code 0).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const args = process.argv.slice(2);
const baseline = args[0] === '--baseline';
const run = baseline ? await bareRun(args.slice(1)) : await cliRun(args);
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const start = performance.now();
const code = await run();
const ms = performance.now() - start;
clearInterval(sampler);
// maxRSS (KiB) also covers peaks between two samples; it includes the loaded modules, like rssBefore.
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const mb = (bytes) => Math.round(bytes / 2 ** 20);
process.stdout.write(
  `\nPROBE ${JSON.stringify({ code, ms, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak) })}\n`,
);

/** The command line, loaded. */
async function cliRun(cliArgs) {
  const { runCli } = await import('../dist/cli/run.js');
  return () => runCli(cliArgs);
}

/** The baseline, loaded. */
async function bareRun([dataDir, roster, out]) {
  const { default: ExcelJS } = await import('exceljs');
  return async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await readFile(roster));
    const lines = (await readFile(join(dataDir, 'cache.jsonl'), 'utf8')).split('\n');
    let parsed = 0;
    for (const line of lines) if (line !== '' && JSON.parse(line)) parsed++;
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: out,
      useStyles: true,
      useSharedStrings: true,
    });
    const sheet = writer.addWorksheet('名单');
    for (const ws of workbook.worksheets) ws.eachRow((row) => sheet.addRow(row.values).commit());
    sheet.commit();
    await writer.commit();
    return parsed > 0 ? 0 : 1;
  };
}
