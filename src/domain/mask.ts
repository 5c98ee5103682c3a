/**
 * Masking of identity numbers for logs, replies and exports that need no full number (个人信息保护法):
 * `110105********002X` keeps the first 6 and the last 4 characters.
 */

/**
 * Mask an identity or certificate number: first 6 and last 4 characters kept, the rest replaced by `*`.
 * Strings of 10 characters or fewer are fully masked, so a short fragment never leaks whole.
 */
export function maskId(id: string): string {
  const n = id.length;
  if (n <= 10) return '*'.repeat(n);
  return id.slice(0, 6) + '*'.repeat(n - 10) + id.slice(n - 4);
}

/** Every ID number written in a free text (18 or 15 characters) masked, e.g. in a file name or a log line. */
export function maskIdsInText(text: string): string {
  return text.replace(/\d{17}[\dXx]|\d{15}/g, (m) => maskId(m));
}
