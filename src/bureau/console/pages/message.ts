/** A page that only says something: not found, not allowed, a move that could not be made. */
import type { Session } from '../../auth/sessions.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';

/** A page with `title` and one paragraph, and a link back to the list. */
export function messagePage(title: string, text: string, session?: Session): Html {
  return layout({
    title,
    session,
    body: html`<p class="error" role="alert">${text}</p><p><a href="/leads">返回线索列表</a></p>`,
  });
}
