/**
 * `cert-verify store migrate --from DIR`: carry a data directory of the file store (versions before the SQL
 * store) into the store's database (`store.databaseUrl`, else the embedded one in `--data-dir`): a table of the
 * records per kind (in the files, in the database, written now), exit 1 naming the kinds whose counts differ.
 * Running it again writes nothing; the files in DIR are only read.
 */
import type { Command } from 'commander';
import { MIGRATION_KINDS } from '../../store/migrate/kinds.js';
import {
  checkedDataDir,
  migrateDataDir,
  mismatched,
  refuseOnMismatch,
} from '../../store/migrate/migrate-data-dir.js';
import { outcomeTable } from '../../store/migrate/migrate-words.js';
import { openStore } from '../../store/store.js';
import { contextFrom } from '../context.js';

/** Register `store` and its subcommand `migrate` on the program. */
export function registerStore(program: Command): void {
  const store = program.command('store').description('机器人的数据库');
  store
    .command('migrate')
    .description('把旧版数据目录（JSON 文件）中的记录迁移到数据库；可重复运行，原文件不改动')
    .requiredOption('--from <dir>', '旧版数据目录')
    .action(async (options: { from: string }, command: Command) => {
      const ctx = contextFrom(command);
      const from = await checkedDataDir(options.from);
      const opened = await openStore(ctx.config.dataDir, {
        cache: ctx.config.cache,
        database: ctx.config.store,
        exclusive: false,
      });
      if (opened.openedNotice) process.stderr.write(`${opened.openedNotice}\n`);
      try {
        const outcome = await migrateDataDir(from, opened.db, MIGRATION_KINDS);
        const wrong = mismatched(outcome);
        process.stdout.write(
          ctx.json
            ? `${JSON.stringify({ from: outcome.from, complete: wrong.length === 0, kinds: outcome.kinds })}\n`
            : outcomeTable(outcome, wrong),
        );
        refuseOnMismatch(wrong);
      } finally {
        await opened.close();
      }
    });
}
