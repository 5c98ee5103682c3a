/**
 * The WeCom group-robot webhook door (群机器人): send only, for notices and reminders to a group.
 */
export {
  INVALID_KEY,
  type Mentions,
  WEBHOOK_LIMITS,
  WebhookClient,
  type WebhookClientOptions,
  WebhookError,
} from './client.js';
export {
  type GroupNotice,
  type GroupNotifier,
  groupNotifier,
  notifierFromSettings,
  type WebhookSettings,
} from './notifier.js';
