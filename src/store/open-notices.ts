/**
 * What opening the store's files found that the operator must hear of (lines of a file set aside), kept by data
 * directory until the store or the command that opened the files takes it to print. Files opened outside
 * `openStore` (the outbox, a job's verdicts) report here too, so every file of the JSON-lines layer says it in
 * one place without each store passing a reporter along.
 */
import { resolve, sep } from 'node:path';

const notes: Array<{ path: string; sentence: string }> = [];

/** Note `sentence` about the store file at `path`. */
export function noteOnOpen(path: string, sentence: string): void {
  notes.push({ path: resolve(path), sentence });
}

/** The sentences noted about files inside `dataDir` (removed from the notes), in the order noted. */
export function takeOpenNotices(dataDir: string): string[] {
  const dir = resolve(dataDir) + sep;
  const taken: string[] = [];
  for (let i = 0; i < notes.length; ) {
    const note = notes[i] as { path: string; sentence: string };
    if (note.path.startsWith(dir)) {
      taken.push(note.sentence);
      notes.splice(i, 1);
    } else i++;
  }
  return taken;
}
