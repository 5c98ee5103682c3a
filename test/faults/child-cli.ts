/**
 * The real CLI in a child process (`node --import tsx src/cli/main.ts …`), for the crash tests: start it, watch
 * its data directory, kill it with SIGKILL, start it again. Its captchas are read through the captcha gateway.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/load.js';
import type { CaptchaGateway } from './captcha-gateway.js';

/** A running CLI child with what it printed so far. */
export interface CliChild {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the child has exited and all it printed has been read, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment without any CERT_VERIFY / WECHATY setting of the machine running the tests. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(CERT_VERIFY|WECHATY)/.test(key)),
  );
}

/**
 * Start `cert-verify <args>` from the project root; stdin stays open for the caller to write to. `env` is added to
 * the child's environment (e.g. the store's database settings).
 */
export function startCli(args: string[], env: Record<string, string> = {}): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'cli', 'main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...childEnv(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': what the child wrote just before it ended may still be in the pipes at 'exit'.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { process: child, stdout: () => out, stderr: () => err, exited };
}

/** Poll `check` every 50 ms until it holds (or fail after `timeoutMs`). */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kill the child with SIGKILL (no cleanup of any kind runs) and wait until it is gone. */
export async function killHard(child: CliChild): Promise<void> {
  child.process.kill('SIGKILL');
  const { signal } = await child.exited;
  if (signal !== 'SIGKILL') throw new Error(`the child ended before the kill (${signal ?? 'exit'})`);
}

/**
 * A config file for the children: fast loopback settings, captchas read by the gateway's OCR service, quiet logs.
 * `lookup` is merged over the lookup settings; `sections` (e.g. the doors' settings) replace or add whole sections.
 */
export async function writeChildConfig(
  dir: string,
  gateway: CaptchaGateway,
  lookup: Record<string, unknown> = {},
  sections: Record<string, unknown> = {},
): Promise<string> {
  const file = join(dir, 'config.json');
  const config = {
    log: { level: 'error' },
    lookup: {
      timeoutMs: 2_000,
      retries: 2,
      retryMinDelayMs: 5,
      retryMaxDelayMs: 20,
      breaker: { failureThreshold: 5, cooldownMs: 60_000 },
      ...lookup,
    },
    captcha: { chain: ['http'], http: { url: gateway.ocrUrl, timeoutMs: 2_000 } },
    chat: { maxQueriesPerHour: 1_000 },
    // A row left unverifiable must show as such, not be asked again after a minute's wait.
    batch: { retryRounds: 0 },
    ...sections,
  };
  await writeFile(file, JSON.stringify(config));
  return file;
}

/**
 * Parse every `*.json` file in `dir` and its subdirectories (a half-written store file would throw here), keyed
 * by its path relative to `dir`, and every `*.jsonl` file as the array of its lines (a last line without its line break, cut by the kill, is left out as the store
 * itself does; any other damaged line throws).
 */
export async function parseEveryJson(dir: string, under = ''): Promise<Record<string, unknown>> {
  const parsed: Record<string, unknown> = {};
  for (const entry of await readdir(join(dir, under), { withFileTypes: true })) {
    const name = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(parsed, await parseEveryJson(dir, name));
    if (name.endsWith('.json')) parsed[name] = JSON.parse(await readFile(join(dir, name), 'utf8'));
    if (name.endsWith('.jsonl')) {
      const text = await readFile(join(dir, name), 'utf8');
      const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
      lines.pop();
      parsed[name] = lines.map((line) => JSON.parse(line));
    }
  }
  return parsed;
}
