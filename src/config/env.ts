/**
 * The one module that reads `process.env`. Everything else receives settings as arguments.
 *
 * - `CERT_VERIFY__a__b=value` sets the key `a.b` (value parsed as JSON when it parses, else a string);
 * - the short names below are kept for the settings people change most.
 */

/** Short environment names and the key each sets. */
export const ENV_SHORTCUTS: Readonly<Record<string, string>> = {
  CERT_VERIFY_DATA_DIR: 'dataDir',
  CERT_VERIFY_TODAY: 'today',
  CERT_VERIFY_LOG_LEVEL: 'log.level',
  CERT_VERIFY_LOOKUP_URL: 'lookup.baseUrl',
  CERT_VERIFY_MIN_INTERVAL_MS: 'lookup.minIntervalMs',
  CERT_VERIFY_CAPTCHA: 'captcha.chain',
  CERT_VERIFY_ADMINS: 'chat.admins',
  WECHATY_PUPPET: 'wechaty.puppet',
  WECHATY_PUPPET_SERVICE_TOKEN: 'wechaty.puppetToken',
};

/** Keys whose value is a comma-separated list when given as plain text. */
const LIST_KEYS = new Set(['captcha.chain', 'chat.admins', 'chat.allowedContacts', 'chat.allowedRooms']);

export interface EnvOverride {
  /** Dotted key path. */
  key: string;
  value: unknown;
  /** Environment variable it came from, for error messages. */
  source: string;
}

/** Settings given in the environment, as key paths and values. */
export function readEnvOverrides(env: NodeJS.ProcessEnv = process.env): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    let key: string | undefined;
    if (name.startsWith('CERT_VERIFY__')) key = name.slice('CERT_VERIFY__'.length).split('__').join('.');
    else key = ENV_SHORTCUTS[name];
    if (!key) continue;
    out.push({ key, value: parseEnvValue(key, raw), source: name });
  }
  return out;
}

function parseEnvValue(key: string, raw: string): unknown {
  const text = raw.trim();
  if (/^[[{"]|^-?\d+(\.\d+)?$|^(true|false|null)$/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON after all: fall through to plain text
    }
  }
  if (LIST_KEYS.has(key)) return text === '' ? [] : text.split(',').map((s) => s.trim());
  return raw;
}

/** Whether this process runs in CI or a test (used only to pick quieter defaults). */
export function isTestEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VITEST !== undefined || env.NODE_ENV === 'test';
}
