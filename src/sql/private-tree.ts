/**
 * PGlite creates its files with mode 0666 and its folders 0777 whatever the process's umask (its file system
 * layer sets the modes itself). The data directory above is 0700, so no one else can reach them; still, the files
 * of the embedded database are made the user's alone (0600, folders 0700) when it opens and when it closes, like
 * every other file the bot keeps.
 */
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function makeTreePrivate(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  // Side by side: a database holds a thousand files and more, and the run waits for them at open and close.
  await Promise.all(
    (await readdir(dir, { withFileTypes: true })).map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return makeTreePrivate(path);
      return entry.isFile() ? chmod(path, 0o600) : undefined;
    }),
  );
}
