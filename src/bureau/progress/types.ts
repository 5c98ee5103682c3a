/**
 * The monthly statistics' store as its parts see it (the intake API, the console, the CLI): the enterprises'
 * self-check months as their bots report them, and the figures bureau staff enter for each month, with every
 * change of those kept (who, when, before and after) as case moves are.
 */
import type { SelfCheckReport } from '../../domain/self-check.js';
import type { StaffFigureKey } from './form.js';

/** An enterprise's self-check month as the bureau holds it. */
export interface StoredSelfCheck extends SelfCheckReport {
  enterpriseId: number;
  enterpriseName: string;
  /** When the bureau last stored it. */
  receivedAt: string;
}

/** What a report did: a first report of the month, a newer count replacing the held one, or nothing (older or the same). */
export type SelfCheckOutcome = 'created' | 'replaced' | 'kept';

/** The figures staff enter for a month, and who filled the table in. */
export interface StaffEntry {
  figures: Record<StaffFigureKey, number>;
  /** 填表人 */
  filledBy: string;
  /** 联系电话 */
  phone: string;
}

/** A month's staff figures as stored. */
export interface StaffMonth extends StaffEntry {
  month: string;
  updatedBy: string;
  /** Also the version a form sends back: a save over another's newer change is refused. */
  updatedAt: string;
}

/** One change of a month's staff figures. */
export interface StaffChange {
  month: string;
  by: string;
  at: string;
  /** Nothing before the first entry of the month. */
  before: StaffEntry | null;
  after: StaffEntry;
}

/** A save refused because someone else saved the month since the form was shown (`current`: what it holds now). */
export class StaleFiguresError extends Error {
  constructor(readonly current: StaffMonth | undefined) {
    super('stale staff figures');
    this.name = 'StaleFiguresError';
  }
}

export interface ProgressStore {
  /** Keep `report` as `enterpriseId`'s month unless the month holds a count at least as recent. */
  reportSelfCheck(
    enterpriseId: number,
    report: SelfCheckReport,
  ): Promise<{ outcome: SelfCheckOutcome; selfCheck: StoredSelfCheck }>;
  /** Every enterprise's self-check months from `fromMonth` to `toMonth`, by month then enterprise name. */
  selfChecks(fromMonth: string, toMonth: string): Promise<StoredSelfCheck[]>;
  /** The months from `fromMonth` to `toMonth` that staff have entered. */
  staffMonths(fromMonth: string, toMonth: string): Promise<StaffMonth[]>;
  /**
   * Save `entry` as `month`'s figures by `by`, with its audit row, in one transaction. `version` is the
   * `updatedAt` the form was shown (null: the month had none); StaleFiguresError when it has changed since.
   */
  saveStaffMonth(month: string, entry: StaffEntry, by: string, version: string | null): Promise<StaffMonth>;
  /** The changes of `month`'s figures, oldest first. */
  staffHistory(month: string): Promise<StaffChange[]>;
}
