import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultOutFile, registerBatch } from '../../src/cli/commands/batch.js';
import { buildProgram } from '../../src/cli/program.js';
import { readRoster } from '../../src/roster/read/read-roster.js';
import { openStore } from '../../src/store/store.js';
import { CountingPipeline } from './batch-helpers.js';

const pipeline = new CountingPipeline((q) =>
  !q.valid ? 'invalid_id' : q.name === '林小明' ? 'not_found' : 'valid',
);

vi.mock('../../src/app/services.js', () => ({
  createServices: async (ctx: {
    config: { dataDir: string; cache: { positiveTtlDays: number; negativeTtlDays: number } };
  }) => {
    const store = await openStore(ctx.config.dataDir, { cache: ctx.config.cache });
    return { pipeline, store, close: () => store.close() };
  },
}));

const DEMO = resolve('data/samples/roster-demo.xlsx');
let dir: string;
let out: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'batch-cli-'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  pipeline.calls.length = 0;
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<void> {
  const program = buildProgram();
  if (!program.commands.some((c) => c.name() === 'batch')) registerBatch(program);
  await program.parseAsync(['--data-dir', join(dir, 'data'), '--today', '2026-11-24', ...args], {
    from: 'user',
  });
}

describe('cert-verify batch', () => {
  it('verifies the demo roster, writes the annotated roster and prints the JSON summary', async () => {
    const outFile = join(dir, '结果.xlsx');
    await run(['--json', 'batch', DEMO, '--out', outFile]);
    const printed = JSON.parse(out.join('')) as {
      total: number;
      byStatus: Record<string, number>;
      outFile: string;
    };
    expect(printed.total).toBe(33);
    expect(printed.byStatus).toMatchObject({ valid: 30, not_found: 1, invalid_id: 2, expired: 0 });
    expect(printed.outFile).toBe(outFile);
    const annotated = await readRoster(
      { name: '结果.xlsx', bytes: await readFile(outFile) },
      { maxRows: 1000, maxFileBytes: 1e7, maxUncompressedBytes: 1e8 },
      '2026-11-24',
    );
    expect(annotated.sheets[0]!.rows).toHaveLength(33);
    expect(pipeline.calls).toHaveLength(33);
  });

  it('prints a Chinese summary without --json', async () => {
    const outFile = join(dir, 'r.xlsx');
    await run(['batch', DEMO, '--out', outFile]);
    const text = out.join('');
    expect(text).toContain('已核验 33 行：有效 30，未查到 1，证件号无效 2');
    expect(text).toContain(`结果已写入 ${outFile}`);
    expect(existsSync(outFile)).toBe(true);
  });

  it('reads an .ods roster and writes the result beside it as .xlsx, saying so', async () => {
    const input = join(dir, '花名册.ods');
    await copyFile(new URL('../fixtures/rosters/花名册.ods', import.meta.url), input);
    await run(['batch', input]);
    const text = out.join('');
    expect(text).toContain('原名单是 .ods 文件，核验结果保存为 .xlsx');
    expect(text).toContain(`结果已写入 ${join(dir, '花名册.核验结果.xlsx')}`);
    expect(existsSync(join(dir, '花名册.核验结果.xlsx'))).toBe(true);
  });

  it('refuses a missing file with a Chinese message', async () => {
    await expect(run(['batch', join(dir, 'nope.xlsx')])).rejects.toThrow('无法读取名单文件');
  });

  it('puts the result next to the input by default', () => {
    expect(defaultOutFile('/a/b/名单.csv')).toBe('/a/b/名单.核验结果.xlsx');
  });
});
