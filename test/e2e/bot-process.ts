/**
 * A whole bot as an operator runs it — `cert-verify bot --transport wecom,mp` in a child process of its own, with a
 * data directory of its own and its store on a PostgreSQL schema that other instances share — for the tests of
 * several instances. It is ready once its service-account endpoint answers (the doors start after the store and
 * the handler are built); it can be killed with SIGKILL, started again on the same data directory, or stopped as
 * systemd stops it (SIGTERM).
 */
import { createServer } from 'node:net';
import { type CliChild, killHard, startCli, until } from '../faults/child-cli.js';

/** What an instance is started with. */
export interface BotProcessOptions {
  /** The CLI's arguments before `bot` (config, lookup URL, date, interval …). */
  args: string[];
  dataDir: string;
  /** The service account's callback port of this instance (`mp.port`). */
  mpPort: number;
  /** The store on the server: `store.databaseUrl` and `store.schema`. */
  databaseUrl: string;
  schema: string;
}

/** A running (or ended) instance. */
export interface BotProcess {
  readonly child: CliChild;
  /** Resolves once the instance takes messages; rejects if it ends before. */
  ready: Promise<void>;
  /** SIGKILL: no cleanup of any kind runs. */
  kill(): Promise<void>;
  /** SIGTERM (the bot lets the messages in hand go out, then stops); resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Start one instance. */
export function startBotProcess(options: BotProcessOptions): BotProcess {
  const child = startCli([...options.args, '--data-dir', options.dataDir, 'bot', '--transport', 'wecom,mp'], {
    CERT_VERIFY__store__databaseUrl: options.databaseUrl,
    CERT_VERIFY__store__schema: options.schema,
    CERT_VERIFY__mp__port: String(options.mpPort),
  });
  let ended = false;
  void child.exited.then(() => {
    ended = true;
  });
  const ready = until(
    'the bot instance to take messages',
    async () => {
      if (ended)
        throw new Error(`the bot instance ended before it was ready: ${child.stderr().slice(-2000)}`);
      return answers(options.mpPort);
    },
    120_000,
  );
  return {
    child,
    ready,
    kill: () => killHard(child),
    async stop() {
      child.process.kill('SIGTERM');
      return (await child.exited).code;
    },
  };
}

/** Whether something answers HTTP on the port. */
async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return true;
  } catch {
    return false;
  }
}

/** A port free on loopback now (for an instance's callback endpoint). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
