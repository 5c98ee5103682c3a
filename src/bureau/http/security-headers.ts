/**
 * Headers every answer of the bureau's server carries: no sniffing of content types, no framing (clickjacking),
 * no referrer leaking a lead's URL, and a content security policy that allows only the service's own scripts,
 * styles and images (the console works without internet).
 */
import type { ServerResponse } from 'node:http';

/** The headers, by name. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Set the security headers on `res` (before its head is written). */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
