/**
 * Who may use the bot (config.chat): admins, allowed contacts and rooms (an empty list lets everyone in), and
 * what strangers get. Entries are stable ids only, per door (see config/chat-ids.ts): never a display name or a
 * room topic, which anyone can change.
 */
import { chatIdMatches } from '../../config/chat-ids.js';
import type { Config } from '../../config/schema.js';
import type { ChatInput } from '../types.js';

export type ChatConfig = Config['chat'];

/** What to do with a message: answer it, drop it silently, or answer with a polite refusal. */
export type AccessDecision = 'allow' | 'ignore' | 'refuse';

/** The part of a message that says who wrote it where. */
type From = Pick<ChatInput, 'sender' | 'room' | 'door'>;

/** Whether the sender is an admin (by id on the message's door). */
export function isAdmin(config: Pick<ChatConfig, 'admins'>, input: From): boolean {
  return listedId(config.admins, input, input.sender.id);
}

function listedId(list: readonly string[], input: From, id: string): boolean {
  return list.some((entry) => chatIdMatches(entry, input.door, id));
}

/** Decide whether a message is answered. */
export function decideAccess(config: ChatConfig, input: ChatInput): AccessDecision {
  if (input.room && config.groupsNeedMention && !input.mentioned) return 'ignore';
  if (isAdmin(config, input)) return 'allow';
  const [list, id] = input.room
    ? [config.allowedRooms, input.room.id]
    : [config.allowedContacts, input.sender.id];
  if (list.length === 0 || listedId(list, input, id)) return 'allow';
  return config.strangers === 'refuse' ? 'refuse' : 'ignore';
}

/** The enterprise a message speaks for (config.chat.enterprises by room id, then contact id). */
export function enterpriseOf(config: Pick<ChatConfig, 'enterprises'>, input: From): string | undefined {
  const ids = input.room ? [input.room.id, input.sender.id] : [input.sender.id];
  const entries = Object.entries(config.enterprises);
  for (const id of ids) {
    const hit = entries.find(([entry]) => chatIdMatches(entry, input.door, id));
    if (hit) return hit[1];
  }
  return undefined;
}
