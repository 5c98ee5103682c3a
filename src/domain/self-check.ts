/**
 * An enterprise's self-check month as its bot reports it to the bureau (`POST /api/v1/self-checks`): how many
 * people its checks covered that month and how many problems they found, as counted at `at`. The bureau keeps
 * one per enterprise and month, replaced by a later count, never added to; the count of the latest `at` wins.
 */

/** One month's self-check summary of an enterprise. */
export interface SelfCheckReport {
  /** `YYYY-MM`, China time. */
  month: string;
  /** People checked that month. */
  people: number;
  /** Problems the checks found that month. */
  problems: number;
  /** When the bot counted (ISO instant): the later count replaces the earlier. */
  at: string;
}

/** What a month's tally answers (the store's check tally): the people checked and the problems found. */
export interface MonthTally {
  /** Distinct people checked in the month. */
  people: number;
  /** Of them, those whose latest result is a problem (anything but valid, or valid with a concern). */
  problems: number;
}

/**
 * The bot's tally of checks for a month (`YYYY-MM`); `enterprise` undefined: every check the bot made (a bot
 * reports under its one bureau token).
 */
export type MonthSummaryOf = (enterprise: string | undefined, month: string) => Promise<MonthTally>;
