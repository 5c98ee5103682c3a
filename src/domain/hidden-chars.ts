/**
 * Characters that change how text looks without being seen: C0 and C1 controls, zero-width and direction marks
 * and overrides (U+202E turns "exe.xlsx" around), the byte-order mark, lone surrogates. A name shown to a person
 * must not carry them: a file name has them removed, a lead's fields are refused with them.
 */

const HIDDEN_SOURCE =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';

/** Every hidden character of a text (global: for `replace`). */
export const HIDDEN_CHARS = new RegExp(HIDDEN_SOURCE, 'g');

const ANY_HIDDEN = new RegExp(HIDDEN_SOURCE);

/** Whether `text` holds a hidden character. */
export function hasHiddenChars(text: string): boolean {
  return ANY_HIDDEN.test(text);
}
