/**
 * Colours of status cells in written spreadsheets: green usable, yellow action due, orange lapsed, red suspect,
 * grey not judged.
 */
import { assertNever, type VerdictStatus } from '../../domain/status.js';

/** The colour group of a status. */
export type StatusColour = 'green' | 'yellow' | 'orange' | 'red' | 'grey';

/** Which colour a status cell gets. */
export function statusColour(status: VerdictStatus): StatusColour {
  switch (status) {
    case 'valid':
      return 'green';
    case 'review_due':
    case 'expiring':
      return 'yellow';
    case 'review_overdue':
    case 'expired':
      return 'orange';
    case 'not_found':
    case 'name_mismatch':
    case 'item_mismatch':
      return 'red';
    case 'invalid_id':
    case 'unverifiable':
    case 'other_authority':
      return 'grey';
    default:
      return assertNever(status);
  }
}

/** ARGB fill of each colour group (light tints so the text stays readable when printed). */
export const STATUS_FILL_ARGB: Readonly<Record<StatusColour, string>> = {
  green: 'FFC6EFCE',
  yellow: 'FFFFEB9C',
  orange: 'FFF8CBAD',
  red: 'FFFF9999',
  grey: 'FFD9D9D9',
};
