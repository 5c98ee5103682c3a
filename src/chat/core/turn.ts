/**
 * Everything the handler derives once from an incoming message: where replies go, how IDs are shown,
 * who asks (for findings and the audit), and whose statistics it counts in.
 */
import type { Audience } from '../../domain/disclosure.js';
import type { Requester } from '../../domain/query.js';
import { type ChatAddress, type ChatInput, replyAddress } from '../types.js';
import { type ChatConfig, enterpriseOf, isAdmin } from './access.js';
import type { ReplyStyle } from './replies.js';

export interface Turn {
  input: ChatInput;
  to: ChatAddress;
  /** Group replies mask ID numbers; private replies may show them in full. */
  style: ReplyStyle;
  admin: boolean;
  /** Files may carry full ID numbers: an admin in a private chat (a file sent in a group reaches everyone in it). */
  fullIds: boolean;
  /** Who reads the replies: decides whether a holder's name may be shown (disclosure.ts). */
  audience: Audience;
  requester: Requester;
  enterprise?: string;
  /** Statistics key: the enterprise, else the room, else the user. */
  scopeKey: string;
  /** The statistics scope in words. */
  scopeName: string;
  /** Pending-name key: this user in this conversation. */
  conversationKey: string;
}

/** Build the turn of a message. */
export function turnOf(config: ChatConfig, input: ChatInput): Turn {
  const enterprise = enterpriseOf(config, input);
  const { sender, room } = input;
  const requester: Requester = { channel: 'chat', userId: sender.id, userName: sender.name };
  if (room) {
    requester.room = room.topic;
    requester.roomId = room.id;
  }
  if (input.door) requester.door = input.door;
  if (enterprise) requester.enterprise = enterprise;
  const admin = isAdmin(config, input);
  const audience: Audience = enterprise ? { admin, enterprise } : { admin };
  return {
    input,
    to: replyAddress(input),
    style: { maskIds: room !== undefined, audience },
    admin,
    fullIds: admin && room === undefined,
    audience,
    requester,
    enterprise,
    scopeKey: enterprise ?? (room ? `room:${room.id}` : `user:${sender.id}`),
    scopeName: enterprise ?? (room ? `本群（${room.topic}）` : '个人'),
    conversationKey: `${sender.id}@${room?.id ?? ''}`,
  };
}
