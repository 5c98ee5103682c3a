/**
 * HTML built so that nothing from a lead, a user or a URL can become markup: every value put into the `html`
 * template is escaped unless it is itself `Html` built the same way. Pages never concatenate strings into markup.
 */

/** Markup that is safe to send: built only by `html` (and `raw` for constant text). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may stand in a `${…}` of `html`: escaped text, numbers, safe markup, lists of these; nothing for empty. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** `text` with every character that means something in HTML (text or quoted attribute) made an entity. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** The template tag of every page: literal parts as written, values escaped. */
export function html(parts: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = parts[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (parts[i + 1] ?? '');
  });
  return new Html(out);
}
