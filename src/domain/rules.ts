/**
 * The rule settings the domain needs, passed in as plain data (the config's `rules` section satisfies it), so
 * the domain never loads configuration itself.
 */

/** Whether a certificate needs its 3-yearly review (`review`) or only stays valid until renewal (`renewal`). */
export type ReviewMode = 'review' | 'renewal';

/** A review rule in force for certificates whose review falls due on or after `from`. */
export interface ReviewRegime {
  from: string;
  mode: ReviewMode;
}

/** `config.rules`. */
export interface Rules {
  /** Warn this many days before validUntil / reviewDue. */
  warnDays: number;
  /** A review counts as done when reviewedOn >= reviewDue minus this many days. */
  reviewDoneWindowDays: number;
  /** The regime whose `from` is the latest one <= the certificate's reviewDue applies. */
  reviewRegimes: readonly ReviewRegime[];
  /** Minimum age at first issue of a special-operations certificate. */
  minAge: number;
  /** Statutory retirement age by sex, for the warning. */
  retirementAge: { male: number; female: number };
}

/** The review mode for a certificate whose review falls due on `reviewDue` (default: review). */
export function reviewModeFor(reviewDue: string, regimes: readonly ReviewRegime[]): ReviewMode {
  let chosen: ReviewRegime | undefined;
  for (const regime of regimes) {
    if (regime.from <= reviewDue && (chosen === undefined || regime.from > chosen.from)) chosen = regime;
  }
  return chosen?.mode ?? 'review';
}
