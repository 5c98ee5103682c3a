/** The sign-in page: login and password, the sign-in form's CSRF token, and why the last try failed. */
import { SIGN_IN_LIMITS } from '../../auth/sign-in.js';
import { type Html, html } from '../html.js';
import { layout } from '../layout.js';

/** The sign-in form; `message` says why the last try failed, `login` keeps what was typed. */
export function loginPage(options: { csrfToken: string; message?: string; login?: string }): Html {
  return layout({
    title: '登录',
    body: html`<form method="post" action="/login" class="login">
  ${options.message ? html`<p class="error" role="alert">${options.message}</p>` : ''}
  <input type="hidden" name="csrf" value="${options.csrfToken}">
  <label>账号 <input name="login" autocomplete="username" required maxlength="64" value="${options.login ?? ''}"></label>
  <label>密码 <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
  <button type="submit">登录</button>
  <p class="hint">账号由应急管理局用 <code>cert-verify bureau user add</code> 开设。在同一地址连续输错 ${SIGN_IN_LIMITS.perLoginAndAddress} 次，该地址对这个账号锁定 ${SIGN_IN_LIMITS.lockMinutes} 分钟。</p>
</form>`,
  });
}
