import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ID = '11010519491231002X';

describe('logger', () => {
  it('masks an ID number anywhere in a log line, even inside an error', () => {
    const script = `
      import { logger, setLogLevel } from './src/util/logger.ts';
      setLogLevel('info');
      logger('probe').error({ err: new Error('lookup of ${ID} failed') }, 'failed for ${ID}');
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, VITEST: '', NODE_ENV: 'production' },
    });
    expect(run.stderr).toContain('110105********002X');
    expect(run.stderr).toContain('failed for');
    expect(run.stderr).not.toContain(ID);
  });
});
