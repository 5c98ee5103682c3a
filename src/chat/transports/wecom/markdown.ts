/**
 * Every reply goes out as WeCom markdown (stream content and proactive `markdown` messages are read as markup),
 * but the bot's texts are plain and carry what people typed: names, file names, masked IDs with `*`. Each markup
 * character is swapped for its full-width twin, so nothing a user sent can turn into a link, a mention, a
 * heading or a coloured `<font>`, and the text reads the same.
 */
const FULL_WIDTH: Readonly<Record<string, string>> = {
  '*': '＊',
  _: '＿',
  '`': '｀',
  '#': '＃',
  '>': '＞',
  '<': '＜',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '~': '～',
  '|': '｜',
  '&': '＆',
  '\\': '＼',
};

/** `text` with no character WeCom markdown would read as markup. */
export function plainMarkdown(text: string): string {
  return text.replace(/[*_`#><[\]()~|&\\]/g, (c) => FULL_WIDTH[c] ?? c);
}
