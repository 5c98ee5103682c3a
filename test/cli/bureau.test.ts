/**
 * The `bureau` commands as a user runs them: the real CLI in a child process on a fresh data directory. The
 * token is printed once and works against `bureau serve`; a password comes from standard input and is checked;
 * mistakes get one Chinese line and exit code 2; a second process on the embedded database is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/bureau/auth/password.js';
import { openBureauStore } from '../../src/bureau/store/open.js';
import { makeId } from '../domain/ids.js';
import { startCli } from '../faults/child-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bureau-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Run `cert-verify --data-dir DIR bureau …` to its end, `input` written to its standard input. */
async function bureau(args: string[], input = '') {
  const child = startCli(['--data-dir', dir, 'bureau', ...args]);
  child.process.stdin?.end(input);
  const { code } = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

describe('cert-verify bureau', () => {
  it('adds enterprises and users, refusing mistakes with a Chinese line and exit code 2', async () => {
    const added = await bureau(['enterprise', 'add', '甲建筑公司']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /^已添加企业「甲建筑公司」（编号 1）。\n上报令牌（只显示这一次.*）：cvb_[\w-]{43}\n$/,
    );
    const again = await bureau(['enterprise', 'add', '甲建筑公司']);
    expect([again.code, again.stderr.trim().split('\n').at(-1)]).toEqual([2, '已有名为「甲建筑公司」的企业']);

    const short = await bureau(['user', 'add', 'wang', '--role', 'staff'], 'short\n');
    expect([short.code, short.stderr.trim().split('\n').at(-1)]).toEqual([2, '密码至少 10 个字符']);
    const noEnterprise = await bureau(
      ['user', 'add', 'li', '--role', 'enterprise'],
      'long enough password\n',
    );
    expect([noEnterprise.code, noEnterprise.stderr.trim()]).toEqual([
      2,
      '--role enterprise 需要 --enterprise 企业名称',
    ]);
    const user = await bureau(
      ['user', 'add', 'li', '--role', 'enterprise', '--enterprise', '甲建筑公司'],
      'long enough password\n',
    );
    expect([user.code, user.stdout]).toEqual([0, '已添加账号 li（「甲建筑公司」的企业管理员）\n']);

    const { store } = await openBureauStore({ dataDir: dir, databaseUrl: '' });
    try {
      const stored = await store.userByLogin('li');
      expect(stored).toMatchObject({ role: 'enterprise', enterpriseId: 1 });
      expect(await verifyPassword('long enough password', stored?.passwordHash ?? '')).toBe(true);
      expect(await store.userByLogin('wang')).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 240_000);

  it('serves the intake API with the printed token until SIGTERM, holding the embedded database', async () => {
    const added = await bureau(['enterprise', 'add', '乙化工公司']);
    expect(added.code).toBe(0);
    const token = /(cvb_[\w-]{43})/.exec(added.stdout)?.[1] as string;
    const serve = startCli(['--data-dir', dir, 'bureau', 'serve', '--port', '0']);
    await expect.poll(serve.stdout, { timeout: 120_000, interval: 200 }).toMatch(/局端服务已启动：http/);
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(serve.stdout())?.[1] as string;
    const res = await fetch(`${url}/api/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: 'F1',
        kind: 'fake_certificate',
        status: 'not_found',
        idNumber: makeId('110105', '19850312', '013'),
        evidence: {},
        foundAt: '2026-05-10T10:00:00+08:00',
      }),
    });
    expect(res.status).toBe(201);
    const second = await bureau(['enterprise', 'add', '丙公司']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/另一个进程/);
    serve.process.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect(serve.stdout()).toMatch(/局端服务已停止\n$/);
  }, 240_000);
});
