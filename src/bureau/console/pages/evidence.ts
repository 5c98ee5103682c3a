/**
 * A lead's evidence (JSON as the bot sent it) drawn as nested lists: every key and value escaped as text, never
 * markup or a link, ID numbers in it masked unless the reader may see them whole.
 */
import { displayText } from '../../../roster/write/report-rows.js';
import { type Html, html } from '../html.js';

/** How deep the evidence is drawn; anything deeper shows as "…". */
const MAX_DEPTH = 6;

/** `value` as markup; `fullIds` false masks every ID number inside its texts. */
export function evidenceHtml(value: unknown, fullIds: boolean, depth = 0): Html {
  if (depth > MAX_DEPTH) return html`…`;
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<span class="none">（空）</span>`;
    return html`<ol>${value.map((item) => html`<li>${evidenceHtml(item, fullIds, depth + 1)}</li>`)}</ol>`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return html`<span class="none">（空）</span>`;
    return html`<dl>${entries.map(
      ([key, item]) =>
        html`<dt>${displayText(key, fullIds)}</dt><dd>${evidenceHtml(item, fullIds, depth + 1)}</dd>`,
    )}</dl>`;
  }
  if (value === null || value === undefined) return html`<span class="none">（无）</span>`;
  return html`${displayText(String(value), fullIds)}`;
}
