/**
 * The frame of every console page: title, the navigation (线索 · 企业 · 月度统计, and for bureau staff 进展统计表),
 * who is signed in and the logout button (a form with the session's CSRF token), a notice above the page when
 * there is one, the page's body, and only the service's own scripts.
 */
import type { Session } from '../auth/sessions.js';
import { type Html, html } from './html.js';

/** The pages in the navigation. */
export type ConsoleSection = 'leads' | 'enterprises' | 'figures' | 'progress';

/** The sections with their address and name; the last ones for bureau staff only. */
const SECTIONS: Array<[ConsoleSection, string, string, 'staff'?]> = [
  ['leads', '/leads', '线索'],
  ['enterprises', '/enterprises', '企业'],
  ['figures', '/figures', '月度统计'],
  ['progress', '/progress', '进展统计表', 'staff'],
];

/** Who a user is, in words. */
function roleText(session: Session): string {
  return session.user.role === 'staff' ? '应急管理局工作人员' : '企业管理员';
}

/** A whole page. */
export function layout(options: {
  title: string;
  body: Html;
  session?: Session;
  active?: ConsoleSection;
  scripts?: readonly string[];
  /** Shown above the page's title (a reminder). */
  notice?: Html;
}): Html {
  const { session } = options;
  const nav = session
    ? html`<nav class="top">
  <span class="brand">证书核验线索平台</span>
  ${SECTIONS.filter(([, , , only]) => only === undefined || only === session.user.role).map(
    ([key, href, label]) =>
      html`<a href="${href}"${options.active === key ? html` class="active" aria-current="page"` : ''}>${label}</a>`,
  )}
  <span class="who">${session.user.login} · ${roleText(session)}</span>
  <form method="post" action="/logout" class="logout">
    <input type="hidden" name="csrf" value="${session.csrfToken}">
    <button type="submit">退出登录</button>
  </form>
</nav>`
    : html`<nav class="top"><span class="brand">证书核验线索平台</span></nav>`;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · 证书核验线索平台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/console.css">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
${nav}
<main>
${options.notice ?? ''}
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`;
}
