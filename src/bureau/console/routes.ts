/**
 * The console's entry: static files, sign-in and logout, then every page behind a session. Each POST must come
 * from the console's own pages and carry its CSRF token; a request without a session is sent to sign in.
 */
import { DEFAULT_INTAKE_LIMITS } from '../api/intake.js';
import { cookie, readCookie } from '../auth/cookies.js';
import { currentSession, endSession, SESSION_COOKIE, startSession } from '../auth/sessions.js';
import { signIn } from '../auth/sign-in.js';
import { newToken } from '../auth/tokens.js';
import { serveAsset } from './assets.js';
import { type RouteContext, scopeOf } from './context.js';
import { exportFiguresRoute, figuresRoute } from './figure-routes.js';
import { csrfMatches, sameOrigin } from './guard.js';
import { exportLeadsRoute, leadRoute, listRoute, statusRoute } from './lead-routes.js';
import { enterprisesPage } from './pages/enterprises.js';
import { loginPage } from './pages/login.js';
import { messagePage } from './pages/message.js';
import { exportProgressRoute, progressRoute, saveProgressRoute } from './progress-routes.js';
import { htmlResponse, redirect } from './respond.js';
import type { ConsoleDeps, ConsoleRequest, ConsoleResponse } from './types.js';

/** The cookie holding the sign-in form's CSRF token (before there is a session). */
export const LOGIN_COOKIE = 'bureau_login';

const forged = () =>
  htmlResponse(403, messagePage('请求已失效', '请求已失效或不是从本平台页面发出的，请刷新页面后重试。'));

function secure(request: ConsoleRequest): boolean {
  return request.headers['x-forwarded-proto'] === 'https';
}

function showLogin(
  request: ConsoleRequest,
  status: number,
  message?: string,
  login?: string,
): ConsoleResponse {
  const token = newToken();
  return htmlResponse(status, loginPage({ csrfToken: token, message, login }), {
    'set-cookie': cookie(LOGIN_COOKIE, token, { maxAgeSeconds: 3600, secure: secure(request) }),
  });
}

async function loginRoute(deps: ConsoleDeps, request: ConsoleRequest, now: Date): Promise<ConsoleResponse> {
  const form = new URLSearchParams(request.body);
  if (
    !sameOrigin(request) ||
    !csrfMatches(form.get('csrf'), readCookie(request.headers.cookie, LOGIN_COOKIE))
  )
    return showLogin(request, 403, '登录页已失效，请重新输入账号和密码。');
  const login = (form.get('login') ?? '').trim().slice(0, 64);
  const password = (form.get('password') ?? '').slice(0, 200);
  const result = await signIn(deps.store, deps.auth, { login, password, address: request.address }, now);
  switch (result.kind) {
    case 'wrong':
      return showLogin(request, 401, '账号或密码不正确。', login);
    case 'locked':
      return showLogin(
        request,
        429,
        `登录失败次数过多，已暂时锁定，请 ${result.minutes} 分钟后再试。`,
        login,
      );
    case 'ok': {
      if (result.user.role === 'enterprise' && result.user.enterpriseId === undefined)
        return showLogin(request, 403, '该账号未关联企业，请联系应急管理局。', login);
      const session = await startSession(deps.auth, result.user, now);
      return redirect('/leads', {
        'set-cookie': [
          cookie(SESSION_COOKIE, session.token, {
            maxAgeSeconds: session.maxAgeSeconds,
            secure: secure(request),
          }),
          cookie(LOGIN_COOKIE, '', { maxAgeSeconds: 0, secure: secure(request) }),
        ],
      });
    }
    default:
      return result satisfies never;
  }
}

/** GET /enterprises: the counts, and today's leads beside the daily cap. */
async function enterprisesRoute({ session, scope, deps }: RouteContext): Promise<ConsoleResponse> {
  const [enterprises, today] = await Promise.all([
    deps.store.enterprisesWithCounts(scope),
    deps.store.receivedTodayByEnterprise(scope),
  ]);
  const rows = enterprises.map((e) => ({ ...e, today: today.get(e.id) ?? 0 }));
  return htmlResponse(200, enterprisesPage(session, rows, deps.intakePerDay ?? DEFAULT_INTAKE_LIMITS.perDay));
}

async function signedInRoute(context: RouteContext, parts: string[]): Promise<ConsoleResponse> {
  const { request, session, deps } = context;
  const get = request.method === 'GET' || request.method === 'HEAD';
  const path = parts.join('/');
  if (path === 'logout' && !get) {
    await endSession(deps.auth, session);
    return redirect('/login', {
      'set-cookie': cookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secure(request) }),
    });
  }
  if (get && (path === '' || path === 'login')) return redirect('/leads');
  if (get && path === 'leads') return listRoute(context);
  if (get && path === 'leads/export.xlsx') return exportLeadsRoute(context);
  if (get && path === 'enterprises') return enterprisesRoute(context);
  if (get && path === 'figures') return figuresRoute(context);
  if (get && path === 'figures/export.xlsx') return exportFiguresRoute(context);
  if (get && path === 'progress') return progressRoute(context);
  if (get && path === 'progress/export.xlsx') return exportProgressRoute(context);
  if (!get && path === 'progress/figures') return saveProgressRoute(context);
  const [root, idText, action] = parts;
  const id = idText && /^[1-9]\d{0,9}$/.test(idText) ? Number(idText) : undefined;
  if (root === 'leads' && id !== undefined && id <= 2 ** 31 - 1) {
    if (get && parts.length === 2) return leadRoute(context, id);
    if (!get && parts.length === 3 && action === 'status') return statusRoute(context, id);
  }
  return htmlResponse(404, messagePage('页面不存在', '没有这个页面，或您无权查看。', session));
}

/** The console's handler (the router sends it the console's paths). */
export function consoleHandler(deps: ConsoleDeps): (request: ConsoleRequest) => Promise<ConsoleResponse> {
  const clock = deps.now ?? (() => new Date());
  return async (request) => {
    const parts = request.url.pathname.split('/').slice(1);
    const asset = serveAsset(request);
    if (asset) return asset;
    const get = request.method === 'GET' || request.method === 'HEAD';
    if (!get && request.method !== 'POST')
      return htmlResponse(405, messagePage('不支持的请求', '不支持这种请求方式。'));
    const now = clock();
    const path = parts.join('/');
    if (path === 'login' && !get) return loginRoute(deps, request, now);
    const session = await currentSession(deps.store, deps.auth, request.headers.cookie, now);
    if (!session) return path === 'login' && get ? showLogin(request, 200) : redirect('/login');
    const form = get ? new URLSearchParams() : new URLSearchParams(request.body);
    if (!get && (!sameOrigin(request) || !csrfMatches(form.get('csrf'), session.csrfToken))) return forged();
    const scope = scopeOf(session);
    if (!scope) return htmlResponse(403, messagePage('无权访问', '该账号未关联企业，请联系应急管理局。'));
    return signedInRoute({ request, form, session, scope, deps, now }, parts);
  };
}
