import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirLock, LOCK_FILE } from '../../src/store/lock.js';
import { permissions, tempDir } from './temp-dir.js';

const holder = fileURLToPath(new URL('./hold-lock.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Start a child that takes the lock; resolves with it and its first line of output. */
function startHolder(dir: string, mode: 'hold' | 'exit'): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, line: out.slice(0, nl) });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`holder exited with ${code} before answering`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.on('exit', () => resolve()));
}

describe('directory lock', () => {
  it('writes pid, host and time into a 0600 lock file, and removes it on release', async () => {
    const dir = await tempDir();
    const lock = await acquireDirLock(dir);
    const path = join(dir, LOCK_FILE);
    const info = JSON.parse(await readFile(path, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Number.isNaN(Date.parse(info.at))).toBe(false);
    expect(permissions((await stat(path)).mode)).toBe(0o600);
    await lock.release();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await acquireDirLock(dir);
    await again.release();
  });

  it('refuses a second holder in the same process', async () => {
    const dir = await tempDir();
    const lock = await acquireDirLock(dir);
    await expect(acquireDirLock(dir)).rejects.toMatchObject({ code: 'store_locked' });
    await lock.release();
  });

  it('refuses a second process, and recovers the lock once the holder is killed -9', async () => {
    const dir = await tempDir();
    const { child, line } = await startHolder(dir, 'hold');
    expect(line).toBe('locked');
    const error = await acquireDirLock(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_locked' });
    expect((error as Error).message).toContain(`数据目录 ${dir} 正被另一个进程（pid ${child.pid}）使用`);

    child.kill('SIGKILL');
    await exited(child);
    const lock = await acquireDirLock(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);

    const second = await startHolder(dir, 'exit');
    expect(second.line).toBe('refused store_locked');
    await lock.release();
  });

  it('is released when the holding process exits normally', async () => {
    const dir = await tempDir();
    const { child, line } = await startHolder(dir, 'exit');
    expect(line).toBe('locked');
    await exited(child);
    await expect(stat(join(dir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats an unreadable lock file as stale, and a lock from another host as held', async () => {
    const dir = await tempDir();
    const path = join(dir, LOCK_FILE);
    await writeFile(path, 'garbage');
    const lock = await acquireDirLock(dir);
    await lock.release();
    await writeFile(
      path,
      JSON.stringify({ pid: 1, host: 'other-host', at: '2024-01-01T00:00:00Z', token: 't' }),
    );
    await expect(acquireDirLock(dir)).rejects.toMatchObject({
      code: 'store_locked',
      message: expect.stringContaining('other-host'),
    });
  });
});
