/**
 * A received file's name is the sender's text: it is shown back in replies and becomes the result file's name,
 * so it is cleaned once where it enters the chat — controls, direction overrides and invisible marks removed
 * (an "invoice\u202Excl.exe" must not pass for a spreadsheet), its length bounded, its ID numbers masked when
 * the chat is a group.
 */
import { HIDDEN_CHARS } from '../../domain/hidden-chars.js';
import { maskIdsInText } from '../../domain/mask.js';

/** Longest name kept, in characters (the extension is kept whole). */
const MAX_NAME_CHARS = 60;

/** The name as the chat shows and keeps it; `mask` hides full ID numbers (group chats). */
export function cleanFileName(name: string, mask: boolean): string {
  const visible = name.replace(HIDDEN_CHARS, '').trim();
  const shown = mask ? maskIdsInText(visible) : visible;
  const chars = [...shown];
  if (chars.length === 0) return '未命名文件';
  if (chars.length <= MAX_NAME_CHARS) return shown;
  const dot = shown.lastIndexOf('.');
  const ext = dot > 0 && shown.length - dot <= 8 ? shown.slice(dot) : '';
  return `${chars.slice(0, MAX_NAME_CHARS - ext.length - 1).join('')}…${ext}`;
}
