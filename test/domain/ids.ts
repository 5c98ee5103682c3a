/**
 * Test helpers: build ID numbers with an independent implementation of the GB 11643 check (domain.md §2),
 * so the tests do not trust the code under test to compute its own expectations.
 */
import { loadConfig } from '../../src/config/load.js';
import type { Rules } from '../../src/domain/rules.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = '10X98765432';

/** The first 17 digits completed with their check character. */
export function withCheck(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`need 17 digits: ${first17}`);
  const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * (WEIGHTS[i] ?? 0), 0);
  return first17 + CHECKS[sum % 11];
}

/** A valid resident ID: region, birth date YYYYMMDD, 3-digit sequence (odd = male). */
export function makeId(region: string, birth: string, seq: string): string {
  return withCheck(`${region}${birth}${seq}`);
}

/** The default rules from config/default.json. */
export function defaultRules(): Rules {
  return loadConfig({ env: {} }).rules;
}
