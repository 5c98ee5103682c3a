/**
 * `store migrate`'s batch jobs (批量核验任务): every job of batch-jobs.json into `batch_jobs`, a job not yet
 * delivered with its saved roster and its verdicts, so that a bot instance (a chat's job) or the same `batch`
 * command run again (a CLI's) continues it. No instance holds a carried job. A job the database already holds
 * is left as it is there (it may have moved on). Counts are jobs.
 */
import type { SqlDb } from '../../sql/db.js';
import { readBatchJobFiles } from '../files/batch-job-files.js';
import { carryEach } from './carry-each.js';
import type { KindCount, MigrationKind } from './kind.js';

export const batchJobsKind: MigrationKind = {
  name: 'batch-jobs',
  label: '批量核验任务',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const jobs = await readBatchJobFiles(fromDir);
    return carryEach(jobs, jobs.length, ({ job, input, verdicts }) =>
      db.transaction(async (tx) => {
        const inserted = await tx.query(
          `insert into batch_jobs (id, state, file_name, input, input_sha256, requester, today, target, target_kind,
             full_ids, created_at, finished_at, summary, error)
           values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12, $13::jsonb, $14)
           on conflict (id) do nothing returning id`,
          [
            job.id,
            job.state,
            job.fileName,
            input ?? null,
            job.inputSha256,
            JSON.stringify(job.requester),
            job.today,
            JSON.stringify(job.target),
            job.target.kind,
            job.fullIds,
            job.createdAt,
            job.finishedAt ?? null,
            job.summary === undefined ? null : JSON.stringify(job.summary),
            job.error ?? null,
          ],
        );
        if (inserted.length > 0 && verdicts.size > 0)
          await tx.query(
            `insert into batch_verdicts (job_id, key, verdict)
             select $1, k, v::jsonb from unnest($2::text[], $3::text[]) as t (k, v)`,
            [job.id, [...verdicts.keys()], [...verdicts.values()].map((v) => JSON.stringify(v))],
          );
        const held = await tx.query('select 1 from batch_jobs where id = $1', [job.id]);
        return { added: inserted.length, stored: held.length };
      }),
    );
  },
};
