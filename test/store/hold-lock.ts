/**
 * Child process for the lock tests: `node --import tsx hold-lock.ts <dir> hold|exit`.
 * Takes the directory lock, prints `locked`, then holds it until killed (`hold`) or exits normally (`exit`).
 */
import { acquireDirLock } from '../../src/store/lock.js';

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error('usage: hold-lock.ts <dir> hold|exit');
try {
  await acquireDirLock(dir);
  process.stdout.write('locked\n');
  if (mode === 'hold') setInterval(() => {}, 60_000);
} catch (error) {
  process.stdout.write(`refused ${(error as { code?: string }).code}\n`);
}
