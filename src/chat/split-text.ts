/**
 * Splitting a long reply into messages under the chat's size limit, at line boundaries where possible.
 */

/** Split `text` into parts of at most `maxChars` characters, cutting between lines (a longer line is cut hard). */
export function splitText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current.replace(/\n+$/, ''));
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= maxChars) {
      current = candidate;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > maxChars) {
      parts.push(rest.slice(0, maxChars));
      rest = rest.slice(maxChars);
    }
    current = rest;
  }
  flush();
  return parts;
}
