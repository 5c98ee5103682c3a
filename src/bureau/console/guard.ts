/**
 * Protection of every state-changing request: it must come from the console's own pages (its Origin, which
 * browsers send with every POST, is this service) and carry the CSRF token of its session (or of the sign-in
 * form), compared in constant time.
 */
import { sameSecret } from '../auth/tokens.js';
import type { ConsoleRequest } from './types.js';

/** The origin the request was addressed to, as a browser writes it in `Origin`. */
function ownOrigin(request: ConsoleRequest): string | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  const proto = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** Whether the request came from a page of this service (one without an Origin did not). */
export function sameOrigin(request: ConsoleRequest): boolean {
  const own = ownOrigin(request);
  return own !== undefined && request.headers.origin === own;
}

/** Whether a form's `csrf` field matches the expected token. */
export function csrfMatches(sent: string | null, expected: string | undefined): boolean {
  return sent !== null && expected !== undefined && expected !== '' && sameSecret(sent, expected);
}
