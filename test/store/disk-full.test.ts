/**
 * A full disk: a write that fails with ENOSPC (a file-system seam that writes half and then fails, and a real
 * tiny tmpfs when this machine lets the tests mount one) says so in Chinese with what to do, leaves no empty or
 * half-written file behind, lets the read-only commands run, and every command works again once space is freed.
 */
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { StoreFs } from '../../src/store/atomic-write.js';
import type { FindingInput } from '../../src/store/findings-log.js';
import { openStore } from '../../src/store/store.js';
import { makeId } from '../domain/ids.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const AT = new Date('2026-05-01T03:00:00Z');

function finding(n: number): FindingInput {
  return {
    status: 'not_found',
    idNumber: makeId('110105', '19850312', String(n).padStart(3, '0')),
    name: `张${n}`,
    requester: { channel: 'chat', userId: 'wxid_a', enterprise: '甲公司' },
    enterprise: '甲公司',
    reasons: ['全国平台没有查询到相关证件信息'],
    evidence: { source: 'national', platformSaid: '没有查询到相关证件信息！', certificates: [] },
  };
}

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

/** The real file system, except that while `full` every file write puts down half its bytes and fails. */
function _fillableFs(): StoreFs & { full: boolean } {
  const seam = {
    ...fsp,
    full: false,
    async open(...args: Parameters<typeof fsp.open>) {
      const handle = await fsp.open(...args);
      return new Proxy(handle, {
        get(target, property) {
          if (property === 'writeFile' && seam.full) {
            return async (data: string | Uint8Array) => {
              const bytes = Buffer.from(data);
              await target.write(bytes.subarray(0, bytes.length >> 1));
              throw enospc();
            };
          }
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
  return seam as StoreFs & { full: boolean };
}

/** A 256 KiB tmpfs mounted for the test, or undefined where mounting is not permitted. */
function mountTiny(at: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', at], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const place = join('/tmp', `cert-full-${process.pid}`);
let mounted = false;
let stderr: MockInstance;

beforeAll(async () => {
  await mkdir(place, { recursive: true });
  mounted = mountTiny(place);
});

afterAll(async () => {
  if (mounted) execFileSync('umount', [place]);
  await rm(place, { recursive: true, force: true });
});

/** Run the CLI in process; resolves with its exit code and what it wrote on stderr. */
async function cli(...args: string[]): Promise<{ code: number; err: string }> {
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(args);
    return { code, err: stderr.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    stderr.mockRestore();
    out.mockRestore();
  }
}

/** Fill the file system holding `dir` to the last byte. */
async function fill(dir: string): Promise<void> {
  await writeFile(join(dir, 'filler'), Buffer.alloc(1024 * 1024)).catch(() => {});
}

describe('a full disk under the command line (a real tiny tmpfs)', () => {
  it('says it in Chinese, still exports, leaves no empty file, and works again once space is freed', async (context) => {
    if (!mounted) context.skip();
    const dataDir = join(place, 'data');
    const out = await tempDir();
    const common = ['--data-dir', dataDir, '--today', '2026-05-01'];
    const store = await openStore(dataDir, { cache: TTL });
    await store.findings.record(finding(1), AT);
    await store.close();
    const before = (await readdir(dataDir)).sort();

    await fill(place);
    const exported = await cli(...common, 'export', 'findings', '--out', join(out, 'f.xlsx'));
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.err).toContain('磁盘空间已满');
    expect((await fsp.stat(join(out, 'f.xlsx'))).size).toBeGreaterThan(0);

    const refused = await cli(
      ...common,
      'ledger',
      'leave',
      makeId('110105', '19850312', '001'),
      '--enterprise',
      '甲',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^磁盘空间已满，无法写入数据文件 .+。请清理该磁盘/);
    expect(refused.err).not.toContain('ENOSPC');

    // An export onto the full disk itself: said in Chinese, and no empty file left there.
    const onFull = await cli(...common, 'export', 'findings', '--out', join(place, 'f.xlsx'));
    expect(onFull.code).toBe(1);
    expect(onFull.err).toContain('磁盘空间已满');
    expect((await readdir(place)).sort()).toEqual(['data', 'filler']);
    expect((await readdir(dataDir)).sort()).toEqual(before);

    await rm(join(place, 'filler'));
    const again = await cli(...common, 'export', 'findings', '--out', join(out, 'g.xlsx'));
    expect(again).toEqual({ code: 0, err: '' });
  });
});
