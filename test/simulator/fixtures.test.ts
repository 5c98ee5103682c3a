import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { loadSimulatorData } from '../../src/simulator/data.js';
import { platformAnswers } from './fixture-answers.js';

const fixtures = join(PROJECT_ROOT, 'test', 'fixtures');

describe('saved fixtures', () => {
  it('are what the simulator answers today (regenerate with test/simulator/write-fixtures.ts)', async () => {
    const data = await loadSimulatorData(join(PROJECT_ROOT, 'data', 'samples', 'people.json'));
    const answers = await platformAnswers(data);
    expect(Object.keys(answers)).toHaveLength(10);
    for (const [file, text] of Object.entries(answers)) {
      expect(await readFile(join(fixtures, 'platform', file), 'utf8'), file).toBe(text);
    }
    expect(JSON.parse(answers['found-several.json'] ?? '').data).toHaveLength(3);
    expect(JSON.parse(answers['not-found.json'] ?? '').data).toEqual([]);
  });

  it('hold ten easy and ten noisy 120x40 captcha PNGs named by their answer', async () => {
    const files = (await readdir(join(fixtures, 'captcha'))).filter((f) => f.endsWith('.png'));
    for (const level of ['easy', 'noisy'])
      expect(files.filter((f) => f.startsWith(`${level}-`))).toHaveLength(10);
    for (const file of files) {
      expect(file).toMatch(/^(easy|noisy)-\d{4}\.png$/);
      const meta = await sharp(join(fixtures, 'captcha', file)).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 120, height: 40 });
    }
  });
});
