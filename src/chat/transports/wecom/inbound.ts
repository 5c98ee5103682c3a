/**
 * What an `aibot_msg_callback` body holds, read as the SDK's types describe it (`text.content`,
 * `image.url`/`image.aeskey`, `file.url`/`file.aeskey`, `mixed.msg_item[]`, `voice.content` already turned into
 * text by WeCom). Videos and anything else are not read.
 */
import type { BaseMessage, ImageContent, MixedMsgItem } from '@wecom/aibot-node-sdk';

/** A callback body reduced to what the bot reads. */
export type WecomMessage =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string; aeskey?: string }
  | { kind: 'file'; url: string; aeskey?: string };

/** The readable part of `body`, or undefined (video, empty or unknown messages). */
export function readWecomMessage(body: BaseMessage): WecomMessage | undefined {
  switch (body.msgtype) {
    case 'text':
      return textOf(body.text?.content);
    case 'voice':
      return textOf(body.voice?.content);
    case 'image':
      return mediaOf('image', body.image);
    case 'file':
      return mediaOf('file', body.file);
    case 'mixed':
      return readMixed(body.mixed?.msg_item);
    default:
      return undefined;
  }
}

/** A group message's text without the @-mentions in it (the robot receives group messages only when mentioned). */
export function withoutMentions(text: string): string {
  return text
    .replace(/@\S+/g, ' ')
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
}

/** Text parts of a mixed message joined by lines; without text, its first picture. */
function readMixed(items: MixedMsgItem[] | undefined): WecomMessage | undefined {
  if (!Array.isArray(items)) return undefined;
  const texts = items.flatMap((item) =>
    item.msgtype === 'text' && item.text?.content ? [item.text.content] : [],
  );
  if (texts.length > 0) return { kind: 'text', text: texts.join('\n') };
  const picture = items.find((item) => item.msgtype === 'image');
  return picture ? mediaOf('image', picture.image) : undefined;
}

function textOf(content: unknown): WecomMessage | undefined {
  return typeof content === 'string' ? { kind: 'text', text: content } : undefined;
}

function mediaOf(kind: 'image' | 'file', content: ImageContent | undefined): WecomMessage | undefined {
  if (typeof content?.url !== 'string' || content.url === '') return undefined;
  return content.aeskey ? { kind, url: content.url, aeskey: content.aeskey } : { kind, url: content.url };
}
