/**
 * A roster into an enterprise's ledger: each good row adds a person (ID, name, person type, item, department) or
 * updates the one already there; rows that cannot be a person (a bad ID, no name) are listed and left out while
 * the good ones are kept. Only the people added are verified, as a batch verifies a roster (`verify: false` skips
 * it), and their verdicts become the first entry of their history. The same file imported twice changes nothing.
 */
import type { Requester } from '../domain/query.js';
import type { Roster, RosterRow, RosterSheet } from '../roster/types.js';
import { type LedgerPerson, type LedgerStore, personKey } from '../store/ledger-store.js';
import { type BatchDeps, runBatch } from './batch.js';
import { summarise, summaryLine } from './batch-summary.js';
import { applyVerdict } from './ledger-verdict.js';

/** A row left out of the ledger, and why (Chinese). */
export interface LedgerSkippedRow {
  sheet: string;
  row: number;
  problems: string[];
}

/** What an import did, as `ledger import --json` prints it. */
export interface LedgerImportResult {
  enterprise: string;
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedRows: LedgerSkippedRow[];
  /** People verified (the added ones), and the summary line of their verdicts; absent when not verified. */
  verified?: number;
  verifiedSummary?: string;
}

export interface LedgerImportDeps {
  ledger: LedgerStore;
  /** Verification of the people added, as a batch runs it; absent = not verified (`--no-verify`). */
  verify?: Omit<BatchDeps, 'requester' | 'today'>;
  requester: Requester;
  today: string;
}

/** Import `roster` into the ledger of `enterprise`. */
export async function importIntoLedger(
  enterprise: string,
  roster: Roster,
  deps: LedgerImportDeps,
): Promise<LedgerImportResult> {
  const skippedRows: LedgerSkippedRow[] = [];
  const entries: Array<{ sheet: RosterSheet; row: RosterRow; person: LedgerPerson }> = [];
  for (const sheet of roster.sheets) {
    for (const row of sheet.rows) {
      const problems = rowProblems(row);
      if (problems.length > 0) skippedRows.push({ sheet: sheet.name, row: row.rowNumber, problems });
      else entries.push({ sheet, row, person: personOf(row, deps.today) });
    }
  }
  const counts = { added: 0, updated: 0, unchanged: 0 };
  const addedRows = new Map<string, { sheet: RosterSheet; row: RosterRow }>();
  const known = deps.ledger.book(enterprise);
  const willChange =
    known === undefined || entries.some(({ person }) => differs(findPerson(known.people, person), person));
  const upsert = (people: LedgerPerson[]) => {
    for (const { sheet, row, person } of entries) {
      const there = findPerson(people, person);
      if (there === undefined) {
        people.push(person);
        addedRows.set(personKey(person), { sheet, row });
        counts.added++;
      } else if (differs(there, person)) {
        Object.assign(there, pick(person));
        counts.updated++;
      } else counts.unchanged++;
    }
  };
  if (willChange) await deps.ledger.change(enterprise, (book) => upsert(book.people));
  else upsert(structuredClone(known.people));

  const result: LedgerImportResult = {
    enterprise,
    ...counts,
    skipped: skippedRows.length,
    skippedRows,
  };
  if (deps.verify === undefined || addedRows.size === 0) return result;
  const verified = await runBatch(subRoster(roster, [...addedRows.values()]), {
    ...deps.verify,
    requester: deps.requester,
    today: deps.today,
  });
  await deps.ledger.change(enterprise, (book) => {
    for (const { row, verdict } of verified.results) {
      const person = findPerson(book.people, personOf(row, deps.today));
      if (person && person.latest === undefined) applyVerdict(person, verdict);
    }
  });
  result.verified = verified.results.length;
  result.verifiedSummary = summaryLine(summarise(verified));
  return result;
}

/** Why a roster row cannot be a ledger person (empty: it can). */
function rowProblems(row: RosterRow): string[] {
  if (row.problems.length > 0) return row.problems;
  if (!row.query.valid) return row.query.reasons.length ? row.query.reasons : ['身份证号无效'];
  if (!row.query.name) return ['缺少姓名'];
  return [];
}

/** The ledger person a roster row describes. */
function personOf(row: RosterRow, today: string): LedgerPerson {
  const { query } = row;
  const person: LedgerPerson = {
    idNumber: query.idNumber,
    name: query.name ?? '',
    addedOn: today,
    history: [],
  };
  if (query.personType !== undefined) person.personType = query.personType;
  if (query.item !== undefined) person.item = query.item;
  if (row.department !== undefined) person.department = row.department;
  if (query.appointedOn !== undefined) person.appointedOn = query.appointedOn;
  return person;
}

function findPerson(people: readonly LedgerPerson[], person: LedgerPerson): LedgerPerson | undefined {
  const key = personKey(person);
  return people.find((p) => personKey(p) === key);
}

/** The fields a roster row sets on a person already in the ledger. */
function pick(person: LedgerPerson): Partial<LedgerPerson> {
  return {
    name: person.name,
    personType: person.personType,
    department: person.department,
    appointedOn: person.appointedOn,
  };
}

/** Whether the row says something new about the person (absent = a new person). */
function differs(there: LedgerPerson | undefined, row: LedgerPerson): boolean {
  if (there === undefined) return true;
  return (
    there.name !== row.name ||
    there.personType !== row.personType ||
    there.department !== row.department ||
    there.appointedOn !== row.appointedOn
  );
}

/** The roster holding only `rows`, each under its own sheet. */
function subRoster(roster: Roster, rows: Array<{ sheet: RosterSheet; row: RosterRow }>): Roster {
  const sheets = new Map<RosterSheet, RosterSheet>();
  for (const { sheet, row } of rows) {
    let copy = sheets.get(sheet);
    if (!copy) {
      copy = { ...sheet, rows: [] };
      sheets.set(sheet, copy);
    }
    copy.rows.push(row);
  }
  return { ...roster, sheets: [...sheets.values()] };
}
