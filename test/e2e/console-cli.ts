/**
 * The real command line in a child process with its input piped, as a user at a terminal would run it, and the
 * replies of a console transcript.
 */
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/config/load.js';

/** Run the CLI with `lines` piped in; resolves with its exit code and output once it ends. */
export function runCli(
  args: string[],
  lines: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: PROJECT_ROOT,
      // Run as a user would: not in vitest's NODE_ENV=test, and with the info logs of stderr left out.
      env: { ...process.env, CERT_VERIFY_LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** The replies of a console transcript, one block per message the bot sent. */
export function replies(stdout: string): string[] {
  return stdout
    .split('🤖 → ')
    .slice(1)
    .map((block) => block.trim());
}
