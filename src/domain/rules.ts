/**
 * The rule settings the domain needs, passed in as plain data (the config's `rules` section satisfies it), so
 * the domain never loads configuration itself.
 */

/**
 * Which rule governs a special-operations certificate's due date: the 3-yearly review (`review`: 复审, a missed
 * one makes the certificate void; at expiry 延期复审换证) or the rule in force since 2026-06-01 (`renewal`: no
 * review, 换领新证 before validUntil).
 */
export type ReviewMode = 'review' | 'renewal';

/** A review rule in force for certificates whose due date falls on or after `from`. */
export interface ReviewRegime {
  from: string;
  mode: ReviewMode;
}

/**
 * One track of the statutory retirement age (NPC decision of 2024-09-13): people born before `fromBirthMonth`
 * retire at `baseAge`; from that month on, the age rises by one month for every `monthsPerStep` months of birth,
 * up to `maxAge`.
 */
export interface RetirementTrack {
  /** `YYYY-MM`: the first birth month whose retirement age is raised. */
  fromBirthMonth: string;
  /** Years: the age before the reform. */
  baseAge: number;
  /** Months of birth per month of delay. */
  monthsPerStep: number;
  /** Years: the age the reform ends at. */
  maxAge: number;
}

/** The retirement tracks by name, and which one a woman's warning assumes (an ID number cannot tell). */
export interface RetirementRules {
  male: RetirementTrack;
  /** 原法定退休年龄 50 周岁的女职工. */
  female50: RetirementTrack;
  /** 原法定退休年龄 55 周岁的女职工（女干部等）. */
  female55: RetirementTrack;
  /** The track assumed for a woman. */
  femaleTrack: 'female50' | 'female55';
}

/** `config.rules`. */
export interface Rules {
  /** Warn this many days before validUntil / reviewDue. */
  warnDays: number;
  /**
   * A review recorded between reviewDue minus this many days and reviewDue is on time; one recorded earlier or
   * after reviewDue still counts as done, with a warning.
   */
  reviewDoneWindowDays: number;
  /** The regime whose `from` is the latest one <= the due date applies. */
  reviewRegimes: readonly ReviewRegime[];
  /** Minimum age at first issue of a special-operations certificate. */
  minAge: number;
  /** Days a new certificate may take to appear on the platform (a presented one not found is re-checked after). */
  newCertificateDays: number;
  /** Statutory retirement age schedule, for the warning. */
  retirement: RetirementRules;
}

/**
 * The mode in force for something due on `date` (a certificate's reviewDue, or its validUntil for what its
 * expiry calls for); default: review.
 */
export function reviewModeFor(date: string, regimes: readonly ReviewRegime[]): ReviewMode {
  let chosen: ReviewRegime | undefined;
  for (const regime of regimes) {
    if (regime.from <= date && (chosen === undefined || regime.from > chosen.from)) chosen = regime;
  }
  return chosen?.mode ?? 'review';
}
