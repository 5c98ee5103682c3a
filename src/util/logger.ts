/**
 * Logging: pino to standard error (standard output belongs to command results and the console bot).
 * Loggers are tagged by module. Pass masked IDs (`maskId`); as a last guard every line is masked again on its
 * way out, so an ID inside an error message or stack can never reach a log file in full, and every registered
 * secret (`registerSecrets`, secrets.ts) becomes `***` in it.
 */
import { type Logger, pino } from 'pino';
import { isTestEnvironment } from '../config/env.js';
import { maskIdsInText } from '../domain/mask.js';
import { maskSecretsInText } from './secrets.js';

const root: Logger = pino(
  {
    level: isTestEnvironment() ? 'silent' : 'info',
    base: undefined,
    // Secrets first: masking an ID-like run inside a secret would leave the rest of it unmasked.
    hooks: { streamWrite: (line) => maskIdsInText(maskSecretsInText(line)) },
  },
  pino.destination(2),
);
const children: Logger[] = [];

/** Set the level for every module logger (from config). */
export function setLogLevel(level: string): void {
  root.level = level;
  for (const child of children) child.level = level;
}

/** A logger tagged with its module name; follows later `setLogLevel` calls. */
export function logger(module: string): Logger {
  const child = root.child({ module });
  children.push(child);
  return child;
}
