/**
 * Every setting that is a secret, read out of a configuration for the log's guard (`registerSecrets`). A new
 * secret setting in schema.ts belongs in this list too. Not secrets: `mp.appId` and `wecom.bot.botId` (public
 * identifiers), the API addresses.
 */
import type { Config } from './schema.js';

/** The secret values in `config` (empty ones included; the guard ignores them). */
export function configSecrets(config: Config): string[] {
  return [
    config.wecom.bot.secret,
    config.wecom.webhook.key,
    ...Object.values(config.wecom.webhook.groups),
    config.mp.appSecret,
    config.mp.token,
    config.mp.encodingAesKey,
    config.wechaty.puppetToken,
    config.bureau.token,
    ...urlCredentials(config.captcha.http.url),
    ...urlCredentials(config.store.databaseUrl),
    ...urlCredentials(config.bureau.databaseUrl),
    ...urlCredentials(config.bureau.url),
  ];
}

/**
 * What in an address (the captcha service, the bureau, its database) can be a credential: the password of `user:password@` and the value of
 * every query parameter (`?key=…`, `?token=…`). Its host and path stay readable in the log.
 */
function urlCredentials(address: string): string[] {
  if (!URL.canParse(address)) return [];
  const url = new URL(address);
  return [decoded(url.password), ...url.searchParams.values()];
}

/** A percent-encoded part as written in the settings (left as it is when it does not decode). */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
