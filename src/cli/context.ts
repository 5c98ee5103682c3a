/**
 * What every command gets: the effective configuration built from the global flags, and "today".
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { AppContext } from '../app/context.js';
import { loadConfig, type Override } from '../config/load.js';
import { todayInChina } from '../domain/dates.js';
import type { Requester } from '../domain/query.js';
import { setLogLevel } from '../util/logger.js';

/** Global flags every command shares (see `program.ts`). */
export interface GlobalFlags {
  config?: string;
  dataDir?: string;
  lookupUrl?: string;
  today?: string;
  minIntervalMs?: string;
  captcha?: string;
  json?: boolean;
}

export interface CliContext extends AppContext {
  json: boolean;
}

/** Build the context from the flags of the program a command belongs to. */
export function contextFrom(command: Command): CliContext {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const overrides: Override[] = [];
  const add = (key: string, value: unknown, flag: string) => {
    if (value !== undefined) overrides.push({ key, value, source: flag });
  };
  add('dataDir', flags.dataDir, '--data-dir');
  add('lookup.baseUrl', flags.lookupUrl, '--lookup-url');
  add('today', flags.today, '--today');
  add(
    'lookup.minIntervalMs',
    flags.minIntervalMs === undefined ? undefined : Number(flags.minIntervalMs),
    '--min-interval-ms',
  );
  add(
    'captcha.chain',
    flags.captcha?.split(',').map((s) => s.trim()),
    '--captcha',
  );
  const config = loadConfig({ file: flags.config, overrides, baseDir: process.cwd() });
  setLogLevel(config.log.level);
  return { config, today: config.today || todayInChina(), json: flags.json === true };
}

/** The operator at the command line as a requester, checking for `enterprise` when one is named. */
export function cliRequester(enterprise?: string): Requester {
  return {
    channel: 'cli',
    userId: userInfo().username,
    ...(enterprise !== undefined && { enterprise }),
  };
}
