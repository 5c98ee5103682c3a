/**
 * Writes the saved platform answers (test/fixtures/platform/) and captcha pictures (test/fixtures/captcha/)
 * byte for byte from the simulator's real output. Run: `npx tsx test/simulator/write-fixtures.ts`.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { loadSimulatorData } from '../../src/simulator/server.js';
import { captchaPictures, platformAnswers } from './fixture-answers.js';

const fixtures = join(PROJECT_ROOT, 'test', 'fixtures');
const data = await loadSimulatorData(join(PROJECT_ROOT, 'data', 'samples', 'people.json'));

const platformDir = join(fixtures, 'platform');
await mkdir(platformDir, { recursive: true });
for (const [file, text] of Object.entries(await platformAnswers(data)))
  await writeFile(join(platformDir, file), text);

const captchaDir = join(fixtures, 'captcha');
await mkdir(captchaDir, { recursive: true });
for (const old of await readdir(captchaDir))
  if (/^(easy|noisy)-\d{4}\.png$/.test(old)) await rm(join(captchaDir, old));
for (const [level, seed] of [
  ['easy', 101],
  ['noisy', 202],
] as const) {
  for (const [file, png] of await captchaPictures(data, level, seed))
    await writeFile(join(captchaDir, file), png);
}
console.log(`已写入 ${platformDir} 与 ${captchaDir}`);
