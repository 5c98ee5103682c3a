/**
 * `GroupNotifier`: how the bot pushes a notice or a reminder to a WeCom group through its group robot. What
 * goes to a group never carries a full ID number: texts, markdown and file names are masked on the way out, and a
 * file holding a full number is refused (it cannot be masked without rewriting it).
 */
import { ConfigError, InputError } from '../../../domain/errors.js';
import { maskIdsInText } from '../../../domain/mask.js';
import { type Mentions, WebhookClient, type WebhookClientOptions } from './client.js';
import { fileHoldsFullId } from './file-ids.js';
import { webhookWords } from './words.js';

/** A notice: a text (optionally with @-mentions), a markdown message, or a file. */
export type GroupNotice =
  | string
  | ({ text: string } & Mentions)
  | { markdown: string }
  | { file: { name: string; data: Uint8Array } };

export interface GroupNotifier {
  /** Send one notice to the group; rejects with a `WebhookError` when it could not go out. */
  notify(notice: GroupNotice): Promise<void>;
}

/** The settings under `wecom` that the group robots use. */
export interface WebhookSettings {
  apiBaseUrl: string;
  webhook: { key: string; groups: Record<string, string> };
}

/** A notifier over one robot's client. */
export function groupNotifier(client: WebhookClient): GroupNotifier {
  return {
    async notify(notice) {
      if (typeof notice === 'string') return client.sendText(maskIdsInText(notice));
      if ('text' in notice) return client.sendText(maskIdsInText(notice.text), notice);
      if ('markdown' in notice) return client.sendMarkdown(maskIdsInText(notice.markdown));
      const name = maskIdsInText(notice.file.name);
      if (await fileHoldsFullId(notice.file.data)) throw new InputError(webhookWords.fullIdsInFile(name));
      return client.sendFile(name, notice.file.data);
    },
  };
}

/**
 * The notifier of a configured group: `group` names one of `wecom.webhook.groups`, none the default
 * `wecom.webhook.key`. A missing key or unknown group is a `ConfigError` in Chinese.
 */
export function notifierFromSettings(
  settings: WebhookSettings,
  group?: string,
  options: Omit<WebhookClientOptions, 'baseUrl' | 'key'> = {},
): GroupNotifier {
  const { key, groups } = settings.webhook;
  let chosen = key;
  if (group !== undefined) {
    const named = Object.hasOwn(groups, group) ? groups[group] : undefined;
    if (named === undefined) throw new ConfigError(webhookWords.unknownGroup(group, Object.keys(groups)));
    chosen = named;
  }
  if (chosen === '') throw new ConfigError(webhookWords.noKey);
  return groupNotifier(new WebhookClient({ ...options, baseUrl: settings.apiBaseUrl, key: chosen }));
}
