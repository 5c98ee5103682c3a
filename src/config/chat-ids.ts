/**
 * Ids in config.chat (admins, allowedContacts, allowedRooms, the keys of enterprises): stable ids only, never a
 * display name or a room topic, which anyone can change in WeChat. An entry is `DOOR:ID` — it matches only
 * messages through that door — or a plain `ID`, matching on any door:
 * - `console:NAME` — the console's sender id is the name `/as NAME` sets, its room id `room:TOPIC`; any text.
 * - `wechaty:ID` — a contact's wxid (`wxid_…`, or an older custom id) or a room id (`…@chatroom`).
 * - `wecom:ID` — a WeCom userid; `mp:ID` — a service account's openid.
 * Outside the console an id has no Han characters and no spaces: an entry with them is a display name or a topic
 * and is refused at start. Anyone finds their own id (and a room's) by sending 我的ID to the bot.
 */

/** The doors (transports) a message can come through. */
export const CHAT_DOORS = ['console', 'wechaty', 'wecom', 'mp'] as const;
export type ChatDoor = (typeof CHAT_DOORS)[number];

/**
 * Where a reply goes: a private chat with `userId`, or the room (mentioning `userId`). Plain JSON, so the files
 * that keep one for later (batch jobs, ledgers, pending answers) hold it as it is: the chat's `ChatAddress`.
 */
export interface StoredChatAddress {
  /** The door the conversation is on: a reply, also one queued on disk, goes back through it. */
  door?: ChatDoor;
  userId: string;
  userName?: string;
  roomId?: string;
  roomTopic?: string;
  /** What the door needs to answer later (e.g. a WeCom chat type): tiny, plain, no secret, no ID number. */
  via?: Record<string, string>;
}

/** An entry read: the door it is limited to (none = any door) and the id. */
export interface ChatIdEntry {
  door?: ChatDoor;
  id: string;
}

/** Split `DOOR:ID`; a prefix that is no door's name is part of a plain id. */
export function parseChatId(entry: string): ChatIdEntry {
  const colon = entry.indexOf(':');
  const door = CHAT_DOORS.find((d) => d === entry.slice(0, colon));
  return door && colon > 0 ? { door, id: entry.slice(colon + 1) } : { id: entry };
}

/** Whether `entry` names the sender or room `id` on `door` (a message's door; undefined when not known). */
export function chatIdMatches(entry: string, door: ChatDoor | undefined, id: string): boolean {
  const parsed = parseChatId(entry);
  return parsed.id === id && (parsed.door === undefined || parsed.door === door);
}

/** How `id` is written in the config for a message through `door`. */
export function chatIdEntry(door: ChatDoor | undefined, id: string): string {
  return door ? `${door}:${id}` : id;
}

const DISPLAY_NAME_MARKS = /[\p{Script=Han}\s\u3000]/u;

/** Why `entry` cannot be an id (in Chinese), or undefined when it can. */
export function chatIdProblem(entry: string): string | undefined {
  const { door, id } = parseChatId(entry);
  if (id.trim() === '') return `「${entry}」是空的 ID`;
  if (door === 'console' || !DISPLAY_NAME_MARKS.test(id)) return undefined;
  return (
    `「${entry}」含有汉字或空格，是微信昵称、备注或群名，不是 ID（昵称和群名谁都能改，不能用来识别管理员和允许的联系人、群）。` +
    '请用对方的 ID：让他给机器人发送“我的ID”（在群里发送还会得到群 ID），把回复里的 ID 原样填入；' +
    '控制台里的身份请写成 console:名字'
  );
}
