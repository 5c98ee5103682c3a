/** Delivery of a finished CLI batch: the annotated roster written to the file the CLI named. */
import { dirname } from 'node:path';
import type { BatchResult } from '../roster/types.js';
import { writeAnnotatedRoster } from '../roster/write/annotated.js';
import { makeMissingPrivateDirs, writePrivateFile } from '../store/private-files.js';

/** Write the annotated roster of `result` to `outFile` (0600; folders it has to make, 0700). */
export async function writeResultFile(result: BatchResult, outFile: string, fullIds: boolean): Promise<void> {
  const bytes = await writeAnnotatedRoster(result, { fullIds });
  await makeMissingPrivateDirs(dirname(outFile));
  await writePrivateFile(outFile, bytes);
}
