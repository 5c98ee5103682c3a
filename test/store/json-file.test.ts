import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreFs } from '../../src/store/atomic-write.js';
import { JsonFile } from '../../src/store/json-file.js';
import { permissions, tempDir } from './temp-dir.js';

interface Counter {
  items: number[];
}

const counterOptions = (path: string) => ({ path, version: 1, defaults: (): Counter => ({ items: [] }) });

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await fsp.readFile(path, 'utf8'));
}

describe('JsonFile', () => {
  it('writes {schemaVersion, ...data} with mode 0600 and reads it back', async () => {
    const path = join(await tempDir(), 'counter.json');
    const file = await JsonFile.open(counterOptions(path));
    expect(file.data).toEqual({ items: [] });
    await file.update((d) => {
      d.items.push(7);
    });
    expect(await readJson(path)).toEqual({ schemaVersion: 1, items: [7] });
    expect(permissions((await fsp.stat(path)).mode)).toBe(0o600);
    const again = await JsonFile.open(counterOptions(path));
    expect(again.data).toEqual({ items: [7] });
  });

  it('does not create the file until something changes', async () => {
    const path = join(await tempDir(), 'lazy.json');
    const file = await JsonFile.open(counterOptions(path));
    await file.flush();
    await expect(fsp.stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(file.writes).toBe(0);
  });

  it('coalesces 1,000 concurrent updates into few writes, all durable', async () => {
    const path = join(await tempDir(), 'many.json');
    const file = await JsonFile.open(counterOptions(path));
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        file.update((d) => {
          d.items.push(i);
        }),
      ),
    );
    expect(file.writes).toBeGreaterThan(0);
    expect(file.writes).toBeLessThan(10);
    const reopened = await JsonFile.open(counterOptions(path));
    expect(reopened.data.items).toHaveLength(1000);
    expect(new Set(reopened.data.items).size).toBe(1000);
  });

  it('puts a change made during a write into the next write, and resolves it only then', async () => {
    const path = join(await tempDir(), 'next.json');
    let writeStarted!: () => void;
    const started = new Promise<void>((r) => {
      writeStarted = r;
    });
    let releaseRename!: () => void;
    const renameGate = new Promise<void>((r) => {
      releaseRename = r;
    });
    const gatedFs: StoreFs = {
      ...fsp,
      rename: async (from, to) => {
        writeStarted();
        await renameGate;
        return fsp.rename(from, to);
      },
    };
    const file = await JsonFile.open({ ...counterOptions(path), fs: gatedFs });
    const order: string[] = [];
    const first = file
      .update((d) => {
        d.items.push(1);
      })
      .then(() => order.push('first'));
    await started; // the first write is on its way, held before its rename
    const second = file
      .update((d) => {
        d.items.push(2);
      })
      .then(() => order.push('second'));
    releaseRename();
    await first;
    expect(order).toEqual(['first']);
    expect(await readJson(path)).toEqual({ schemaVersion: 1, items: [1] });
    await second;
    expect(file.writes).toBe(2);
    expect(await readJson(path)).toEqual({ schemaVersion: 1, items: [1, 2] });
  });

  it('keeps the previous file intact when a crash hits between write and rename', async () => {
    const dir = await tempDir();
    const path = join(dir, 'crash.json');
    const good = await JsonFile.open(counterOptions(path));
    await good.update((d) => {
      d.items.push(1);
    });
    // A crash runs no clean-up: the temp file's removal fails as well.
    const crashingFs: StoreFs = {
      ...fsp,
      rename: async () => {
        throw new Error('simulated crash before rename');
      },
      unlink: async () => {
        throw new Error('simulated crash');
      },
    };
    const doomed = await JsonFile.open({ ...counterOptions(path), fs: crashingFs });
    await expect(
      doomed.update((d) => {
        d.items.push(2);
      }),
    ).rejects.toThrow('simulated crash');
    const leftovers = (await fsp.readdir(dir)).filter((n) => n.startsWith('crash.json.tmp-'));
    expect(leftovers).toHaveLength(1);
    expect(await readJson(path)).toEqual({ schemaVersion: 1, items: [1] });

    const reopened = await JsonFile.open(counterOptions(path));
    expect(reopened.data).toEqual({ items: [1] });
    expect(await fsp.readdir(dir)).toEqual(['crash.json']);
  });

  it('retries a failed write at the next flush', async () => {
    const path = join(await tempDir(), 'retry.json');
    let failNext = true;
    const flakyFs: StoreFs = {
      ...fsp,
      rename: async (from, to) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk hiccup');
        }
        return fsp.rename(from, to);
      },
    };
    const file = await JsonFile.open({ ...counterOptions(path), fs: flakyFs });
    await expect(
      file.update((d) => {
        d.items.push(5);
      }),
    ).rejects.toThrow('disk hiccup');
    await file.flush();
    expect(await readJson(path)).toEqual({ schemaVersion: 1, items: [5] });
  });

  it('refuses a corrupt file with store_corrupt naming it, and leaves it untouched', async () => {
    const dir = await tempDir();
    const path = join(dir, 'broken.json');
    await fsp.writeFile(path, '{"schemaVersion": 1, "items": [1, 2');
    const error = await JsonFile.open(counterOptions(path)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_corrupt' });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('已损坏');
    expect(await fsp.readFile(path, 'utf8')).toBe('{"schemaVersion": 1, "items": [1, 2');
    expect(await fsp.readdir(dir)).toEqual(['broken.json']);
  });

  it('moves a corrupt file aside and starts empty when told to recover', async () => {
    const dir = await tempDir();
    const path = join(dir, 'broken.json');
    await fsp.writeFile(path, 'not json at all');
    const file = await JsonFile.open({ ...counterOptions(path), onCorrupt: 'recover' });
    expect(file.data).toEqual({ items: [] });
    const aside = (await fsp.readdir(dir)).filter((n) => n.startsWith('broken.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await fsp.readFile(join(dir, aside[0]!), 'utf8')).toBe('not json at all');
  });

  it('refuses a file written by a newer version, even when told to recover', async () => {
    const path = join(await tempDir(), 'future.json');
    await fsp.writeFile(path, JSON.stringify({ schemaVersion: 9, items: [] }));
    await expect(JsonFile.open({ ...counterOptions(path), onCorrupt: 'recover' })).rejects.toMatchObject({
      code: 'store_corrupt',
      message: expect.stringContaining('更新版本'),
    });
  });

  it('migrates a v0 file (no schemaVersion) step by step and writes it back', async () => {
    const path = join(await tempDir(), 'old.json');
    await fsp.writeFile(path, JSON.stringify([3, 4]));
    const file = await JsonFile.open<{ items: number[]; total: number }>({
      path,
      version: 2,
      defaults: () => ({ items: [], total: 0 }),
      migrations: {
        0: (old: number[]) => ({ items: old }),
        1: (old: { items: number[] }) => ({ ...old, total: old.items.reduce((a, b) => a + b, 0) }),
      },
    });
    expect(file.data).toEqual({ items: [3, 4], total: 7 });
    expect(await readJson(path)).toEqual({ schemaVersion: 2, items: [3, 4], total: 7 });
  });

  it('refuses an old file it has no migration for', async () => {
    const path = join(await tempDir(), 'old.json');
    await fsp.writeFile(path, JSON.stringify({ items: [] }));
    await expect(JsonFile.open(counterOptions(path))).rejects.toMatchObject({
      code: 'store_corrupt',
      message: expect.stringContaining('格式版本 0'),
    });
  });
});
