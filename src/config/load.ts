/**
 * Build the effective configuration: `config/default.json`, then a user file (`--config`), then the
 * environment, then command-line flags. Validated once; a bad value is refused with a message naming its key.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../domain/errors.js';
import { registerSecrets } from '../util/secrets.js';
import { readEnvOverrides } from './env.js';
import { type Config, configSchema } from './schema.js';
import { configSecrets } from './secrets.js';

/** Root of the project (where `config/` and `data/samples/` live). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_CONFIG_FILE = resolve(PROJECT_ROOT, 'config', 'default.json');

/** A setting given by key path (from flags or the environment). */
export interface Override {
  key: string;
  value: unknown;
  source: string;
}

export interface LoadOptions {
  /** A JSON file whose keys replace the defaults. */
  file?: string;
  /** Overrides applied last (command-line flags). */
  overrides?: Override[];
  env?: NodeJS.ProcessEnv;
  /** Relative dataDir is resolved against this (default: the project root). */
  baseDir?: string;
}

/**
 * Load, merge and validate the configuration. Throws ConfigError naming the bad key. Its secrets are registered
 * with the log's guard here, so every caller (the command line, the bureau, a test harness) has them masked
 * before any door opens.
 */
export function loadConfig(options: LoadOptions = {}): Config {
  let merged = readJson(DEFAULT_CONFIG_FILE) as Record<string, unknown>;
  if (options.file) merged = deepMerge(merged, readJson(resolve(options.file)) as Record<string, unknown>);
  for (const o of [...readEnvOverrides(options.env), ...(options.overrides ?? [])]) {
    setPath(merged, o.key, o.value, o.source);
  }
  const config = validateConfig(merged);
  config.dataDir = resolve(options.baseDir ?? PROJECT_ROOT, config.dataDir);
  registerSecrets(configSecrets(config));
  return config;
}

/** Validate a plain object as a Config; the error names every bad key with its dotted path. */
export function validateConfig(value: unknown): Config {
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(根)';
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length ? `${issue.path.join('.')}.` : '';
      return `未知的配置项 ${issue.keys.map((k) => where + k).join(', ')}`;
    }
    return `配置项 ${key} 无效：${issue.message}`;
  });
  throw new ConfigError(lines.join('；'));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`无法读取配置文件 ${file}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 JSON：${(cause as Error).message}`, { cause });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown, source: string): void {
  const parts = key.split('.');
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (!isPlainObject(next))
      throw new ConfigError(`${source}：配置项 ${key} 无效（${part} 不是一组设置）`);
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}
