/** What every signed-in console route gets: the request, its form, the session, the scope and the services. */
import type { Session } from '../auth/sessions.js';
import type { Scope } from '../store/types.js';
import type { ConsoleDeps, ConsoleRequest } from './types.js';

/** A signed-in request. */
export interface RouteContext {
  request: ConsoleRequest;
  /** The urlencoded body of a POST (empty for GET). */
  form: URLSearchParams;
  session: Session;
  scope: Scope;
  deps: ConsoleDeps;
  now: Date;
}

/** The scope of a session: all leads for staff, one enterprise's for its admin. */
export function scopeOf(session: Session): Scope | undefined {
  const { user } = session;
  if (user.role === 'staff') return { role: 'staff' };
  return user.enterpriseId === undefined
    ? undefined
    : { role: 'enterprise', enterpriseId: user.enterpriseId };
}
