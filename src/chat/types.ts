/**
 * Plain data in and out of the chat handler: no Wechaty, no terminal. Transports translate to and from these.
 */
import type { ChatDoor, StoredChatAddress } from '../config/chat-ids.js';

/** Who wrote a message. `id` is the platform's contact id; `name` the display name. */
export interface ChatSender {
  id: string;
  name: string;
}

/** A group chat. */
export interface ChatRoomRef {
  id: string;
  topic: string;
}

/** A file travelling through the chat (a roster in, a result or report out). */
export interface ChatFile {
  name: string;
  bytes: Buffer;
}

/** What a message holds. */
export type ChatContent = { kind: 'text'; text: string } | { kind: 'file'; file: ChatFile };

/** One incoming message. */
export interface ChatInput {
  messageId: string;
  /** The transport it came through; config entries `DOOR:ID` match only there (absent: plain entries only). */
  door?: ChatDoor;
  content: ChatContent;
  sender: ChatSender;
  /** The group it was written in; undefined for a private chat. */
  room?: ChatRoomRef;
  /** Whether the bot was @-mentioned (group messages). Text should already have the mention removed. */
  mentioned: boolean;
  /** Epoch milliseconds. */
  timestamp: number;
  /** What the door needs to answer it (copied into the reply address): see `ChatAddress.via`. */
  via?: Record<string, string>;
}

/** Where a reply goes: a private chat with `userId`, or the room (mentioning `userId`). Plain JSON (kept on disk). */
export type ChatAddress = StoredChatAddress;

/** One outgoing message. */
export interface ChatReply {
  to: ChatAddress;
  content: ChatContent;
}

/** Where the handler puts its replies (the send queue, or a test's list). */
export type ChatSend = (reply: ChatReply) => void;

/** Reply address for a message: its room, or the private chat with its sender. */
export function replyAddress(input: ChatInput): ChatAddress {
  const to: ChatAddress = { userId: input.sender.id, userName: input.sender.name };
  if (input.door) to.door = input.door;
  if (input.via) to.via = input.via;
  if (input.room) {
    to.roomId = input.room.id;
    to.roomTopic = input.room.topic;
  }
  return to;
}

/** A text reply. */
export function textReply(to: ChatAddress, text: string): ChatReply {
  return { to, content: { kind: 'text', text } };
}
