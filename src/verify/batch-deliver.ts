/**
 * Delivery of a finished batch by its target: the annotated roster written to the CLI's file, or handed to
 * the chat side to send back.
 */
import { dirname } from 'node:path';
import { assertNever } from '../domain/status.js';
import type { BatchResult } from '../roster/types.js';
import { writeAnnotatedRoster } from '../roster/write/annotated.js';
import { makeMissingPrivateDirs, writePrivateFile } from '../store/private-files.js';
import type { Deliver } from './batch-job-runner.js';
import type { BatchJob, DeliveryTarget } from './batch-jobs.js';

/** A job whose target is a chat. */
export type ChatJob = BatchJob & { target: Extract<DeliveryTarget, { kind: 'chat' }> };

/** Write the annotated roster of `result` to `outFile` (0600; folders it has to make, 0700). */
export async function writeResultFile(result: BatchResult, outFile: string, fullIds: boolean): Promise<void> {
  const bytes = await writeAnnotatedRoster(result, { fullIds });
  await makeMissingPrivateDirs(dirname(outFile));
  await writePrivateFile(outFile, bytes);
}

/** A `Deliver` for `resumeJobs`: CLI targets get their file written, chat targets go to `sendToChat`. */
export function deliverByTarget(sendToChat: (job: ChatJob, result: BatchResult) => Promise<void>): Deliver {
  return async (job, result) => {
    const target = job.target;
    switch (target.kind) {
      case 'cli':
        return writeResultFile(result, target.outFile, job.fullIds);
      case 'chat':
        return sendToChat({ ...job, target }, result);
      default:
        return assertNever(target);
    }
  };
}
