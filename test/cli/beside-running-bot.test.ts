/**
 * Commands beside a running bot, as child processes of the real command line: on a PostgreSQL server
 * (store.databaseUrl) `import`, `ledger list` and `export` run on the data directory the bot holds, and write
 * where the bot reads (the server, not an embedded database of their own); on the embedded default the same
 * command is refused with the message saying that the bot holds the directory.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirLock } from '../../src/store/lock.js';
import { startCli } from '../faults/child-cli.js';
import { PG_SKIP_REASON, postgresDatabase, TEST_PG_URL } from '../helpers/databases.js';
import { csvText, encode, validId } from '../roster/files.js';
import { tempDir } from '../store/temp-dir.js';

const HEADER = ['姓名', '身份证号', '人员类型', '操作项目', '有效期至', '应复审日期'];
const PEOPLE = 3;

/** `cert-verify <args>` in a child process: its exit code, standard output and standard error. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const child = startCli(args, env);
  child.process.stdin?.end();
  const { code } = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

/** A ledger of PEOPLE special operators, as an enterprise exports it (GBK CSV). */
async function ledgerFile(dir: string): Promise<string> {
  const rows = Array.from({ length: PEOPLE }, (_, n) => [
    `人员${n}`,
    validId(n),
    '特种作业人员',
    '低压电工作业',
    '2030-05-01',
    '2027-05-01',
  ]);
  const path = join(dir, '台账.csv');
  await writeFile(path, encode(csvText([HEADER, ...rows]), 'gbk'));
  return path;
}

/** A data directory held as the running bot holds it, with the ledger file to import; released after `work`. */
async function besideBot(work: (dataDir: string, ledger: string) => Promise<void>): Promise<void> {
  const dataDir = await tempDir();
  const ledger = await ledgerFile(await tempDir());
  // The running bot's hold on its directory, as `cert-verify bot` takes it.
  const botLock = await acquireDirLock(dataDir);
  try {
    await work(dataDir, ledger);
  } finally {
    await botLock.release();
  }
}

describe('a command while the bot holds its data directory', () => {
  it('is refused on the embedded database, saying who holds it', async () => {
    await besideBot(async (dataDir, ledger) => {
      const refused = await cli(['--data-dir', dataDir, 'import', ledger, '--enterprise', '甲公司']);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`数据目录 ${dataDir} 正被另一个进程（pid ${process.pid}`);
    });
  }, 120_000);

  it.skipIf(!TEST_PG_URL)(
    `on a PostgreSQL server runs, and writes to the server the bot reads${TEST_PG_URL ? '' : `（${PG_SKIP_REASON}）`}`,
    async () => {
      const server = await postgresDatabase.open();
      const env = { CERT_VERIFY__store__databaseUrl: server.url ?? TEST_PG_URL };
      try {
        await besideBot(async (dataDir, ledger) => {
          const common = ['--data-dir', dataDir];
          const imported = await cli([...common, 'import', ledger, '--enterprise', '甲公司'], env);
          expect(imported.code, imported.err).toBe(0);
          const [row] = await server.db.query<{ n: number }>(
            'select count(*)::int as n from cert_verify.registry_records',
          );
          expect(row?.n).toBe(PEOPLE);

          const out = join(await tempDir(), 'findings.xlsx');
          const exported = await cli([...common, 'export', 'findings', '--out', out], env);
          expect(exported.code, exported.err).toBe(0);
        });
      } finally {
        await server.drop();
      }
    },
    120_000,
  );
});
