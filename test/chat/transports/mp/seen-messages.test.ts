import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeenMessages } from '../../../../src/chat/transports/mp/seen-messages.js';

let dir: string;
let path: string;
let now = 1_000_000;
const clock = () => now;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mp-seen-'));
  path = join(dir, 'data', 'mp-seen.jsonl');
  now = 1_000_000;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keysOnDisk = async () =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { key: string }).key);

describe('the service account messages already taken', () => {
  it('a key is new once within its window, again once the window has passed', async () => {
    const seen = await SeenMessages.open(path, clock);
    const [first, second] = await Promise.all([
      seen.remember('m1', now + 1000),
      seen.remember('m1', now + 1000),
    ]);
    expect([first, second]).toEqual([true, false]);
    now += 1001;
    expect(await seen.remember('m1', now + 1000)).toBe(true);
  });

  it('survives a reopen, a later request of the same message extending its window', async () => {
    const seen = await SeenMessages.open(path, clock);
    await seen.remember('m2', now + 1000);
    expect(await seen.remember('m2', now + 5000)).toBe(false);
    now += 2000;
    const reopened = await SeenMessages.open(path, clock);
    expect(await reopened.remember('m2', now + 1000)).toBe(false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
  });

  it('keeps at most `limit` keys, on disk too, the ones expiring first making way', async () => {
    const seen = await SeenMessages.open(path, clock, 3);
    for (let i = 0; i < 10; i++) await seen.remember(`k${i}`, now + 1000 + i);
    expect((await keysOnDisk()).length).toBeLessThanOrEqual(2 * 3);
    await SeenMessages.open(path, clock, 3);
    expect(await keysOnDisk()).toEqual(['k7', 'k8', 'k9']);
  });

  it('an unreadable line (a crash mid-append) is dropped, the rest kept', async () => {
    await mkdir(join(dir, 'data'));
    await writeFile(path, `{"schemaVersion":1}\n{"key":"good","until":${now + 1000}}\n{"key":"cut","unt\n`);
    const seen = await SeenMessages.open(path, clock);
    expect(await keysOnDisk()).toEqual(['good']);
    expect(await seen.remember('good', now + 1000)).toBe(false);
  });
});
