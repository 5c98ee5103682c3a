/**
 * The last guard for secrets in the log: every value registered here (the keys, secrets and tokens of the
 * configuration, each access_token the service account's API hands out) is replaced by `***` in every log line on
 * its way out (`logger.ts`), also as it reads inside a URL (percent-encoded, or form-encoded by URLSearchParams)
 * and inside a JSON string (escaped). The doors take care never to log one; this catches what slips through
 * (an error message or a library's line carrying a URL). Values are kept while the process runs: a token every two
 * hours is some 4,400 a year, and a line is tested against that many in well under a millisecond.
 */

/**
 * Values shorter than this are not registered: a short value (the service account's Token may be 3 characters)
 * also occurs as an ordinary word or number, so masking it would spoil unrelated lines and, by where the stars
 * fall, show what the secret is. An empty value is no secret at all.
 */
export const MIN_SECRET_CHARS = 6;

const MASK = '***';

/** Every form of every secret, longest first (a secret inside a longer one must not leave the rest visible). */
let forms: string[] = [];

/** Register values never to be written to the log (short and empty ones are ignored, see MIN_SECRET_CHARS). */
export function registerSecrets(values: Iterable<string>): void {
  const all = new Set(forms);
  for (const value of values) {
    if (value.length < MIN_SECRET_CHARS) continue;
    all.add(value);
    all.add(encodeURIComponent(value));
    all.add(new URLSearchParams([['', value]]).toString().slice(1));
    all.add(JSON.stringify(value).slice(1, -1));
  }
  forms = [...all].sort((a, b) => b.length - a.length);
}

/** `text` with every registered secret replaced by `***`. */
export function maskSecretsInText(text: string): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.replaceAll(form, MASK);
  return out;
}
