/**
 * Splitting a long reply into messages under the chat's size limit, at line boundaries where possible.
 */

/** The size of a piece of text: characters by default, or e.g. UTF-8 bytes for a door that counts those. */
export type TextSize = (text: string) => number;

const characters: TextSize = (text) => text.length;

/** The UTF-8 length of a text, for doors whose limits are in bytes. */
export const utf8Bytes: TextSize = (text) => Buffer.byteLength(text, 'utf8');

/**
 * Split `text` into parts of at most `max` (measured by `size`), cutting between lines; a longer line is cut
 * hard, between characters (never inside one).
 */
export function splitText(text: string, max: number, size: TextSize = characters): string[] {
  if (size(text) <= max) return [text];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current.replace(/\n+$/, ''));
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (size(candidate) <= max) {
      current = candidate;
      continue;
    }
    flush();
    let rest = line;
    while (size(rest) > max) {
      const head = longestPrefix(rest, max, size);
      parts.push(head);
      rest = rest.slice(head.length);
    }
    current = rest;
  }
  flush();
  return parts;
}

/** The longest start of `line` whole characters long that fits in `max` (at least one character). */
function longestPrefix(line: string, max: number, size: TextSize): string {
  let used = 0;
  let end = 0;
  for (const char of line) {
    const next = size(char);
    if (used + next > max && end > 0) break;
    used += next;
    end += char.length;
  }
  return line.slice(0, end);
}
