/**
 * Who may use the bot (config.chat): admins, allowed contacts and rooms (an empty list lets everyone in), and
 * what strangers get. Entries match an id or a display name / room topic.
 */
import type { Config } from '../config/schema.js';
import type { ChatInput, ChatSender } from './types.js';

export type ChatConfig = Config['chat'];

/** What to do with a message: answer it, drop it silently, or answer with a polite refusal. */
export type AccessDecision = 'allow' | 'ignore' | 'refuse';

/** Whether the sender is an admin. */
export function isAdmin(config: Pick<ChatConfig, 'admins'>, sender: ChatSender): boolean {
  return config.admins.includes(sender.id) || config.admins.includes(sender.name);
}

function listed(list: string[], ...keys: string[]): boolean {
  return list.length === 0 || keys.some((k) => list.includes(k));
}

/** Decide whether a message is answered. */
export function decideAccess(config: ChatConfig, input: ChatInput): AccessDecision {
  if (input.room && config.groupsNeedMention && !input.mentioned) return 'ignore';
  if (isAdmin(config, input.sender)) return 'allow';
  const allowed = input.room
    ? listed(config.allowedRooms, input.room.id, input.room.topic)
    : listed(config.allowedContacts, input.sender.id, input.sender.name);
  if (allowed) return 'allow';
  return config.strangers === 'refuse' ? 'refuse' : 'ignore';
}

/** The enterprise a message speaks for (config.chat.enterprises by room id/topic, then contact id/name). */
export function enterpriseOf(config: Pick<ChatConfig, 'enterprises'>, input: ChatInput): string | undefined {
  const keys = input.room
    ? [input.room.id, input.room.topic, input.sender.id, input.sender.name]
    : [input.sender.id, input.sender.name];
  for (const key of keys) {
    const enterprise = config.enterprises[key];
    if (enterprise) return enterprise;
  }
  return undefined;
}
