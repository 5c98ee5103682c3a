/**
 * A roster into an enterprise's ledger: each good row adds a person (ID, name, person type, item, department) or
 * updates the one already there; rows that cannot be a person (a bad ID, no name) are listed and left out while
 * the good ones are kept. The people added are verified, as a batch verifies a roster (`verify: false` skips it),
 * and so are the roster's people already in the ledger with no answer of the platform yet (an import killed while
 * verifying, or the platform down): re-running an import finishes what was left. Each verdict becomes the first
 * entry of its person's history as soon as it comes (durably), and the import is the verification's occasion, so
 * a re-run neither asks again for those already answered nor counts their findings twice. The same file imported
 * twice, once everyone is verified, changes nothing.
 */
import type { Requester } from '../domain/query.js';
import type { Roster, RosterRow, RosterSheet } from '../roster/types.js';
import { isActive, type LedgerPerson, type LedgerStore, personKey } from '../store/ledger-store.js';
import { type BatchDeps, dedupKey, runBatch, type VerdictLog } from './batch.js';
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
  /**
   * People verified (the added ones and those an earlier import left without an answer), and the summary line of
   * their verdicts; absent when nobody was verified.
   */
  verified?: number;
  /** Of those verified, the people already in the ledger whom an earlier import left unverified. */
  resumed?: number;
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
  /** Rows of the people to verify: the added ones and those still without an answer, by person key. */
  const toVerify = new Map<string, { sheet: RosterSheet; row: RosterRow }>();
  let resumed = 0;
  const known = deps.ledger.book(enterprise);
  const willChange =
    known === undefined || entries.some(({ person }) => differs(findPerson(known.people, person), person));
  const upsert = (people: LedgerPerson[]) => {
    for (const { sheet, row, person } of entries) {
      const there = findPerson(people, person);
      if (there === undefined) {
        people.push(person);
        toVerify.set(personKey(person), { sheet, row });
        counts.added++;
        continue;
      }
      if (differs(there, person)) {
        Object.assign(there, pick(person));
        counts.updated++;
      } else counts.unchanged++;
      if (there.latest === undefined && isActive(there) && !toVerify.has(personKey(there))) {
        toVerify.set(personKey(there), { sheet, row });
        resumed++;
      }
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
  if (deps.verify === undefined || toVerify.size === 0) return result;
  const rows = [...toVerify.values()];
  const verified = await runBatch(subRoster(roster, rows), {
    ...deps.verify,
    job: ledgerVerdictLog(enterprise, rows, deps),
    requester: deps.requester,
    today: deps.today,
  });
  result.verified = verified.results.length;
  if (resumed > 0) result.resumed = resumed;
  result.verifiedSummary = summaryLine(summarise(verified));
  return result;
}

/**
 * The import's verdicts go straight into the ledger, each durable before the run goes on; the ledger is the
 * occasion, so a person's first verification in it is one occasion however often an import is re-run.
 */
function ledgerVerdictLog(
  enterprise: string,
  rows: ReadonlyArray<{ row: RosterRow }>,
  deps: LedgerImportDeps,
): VerdictLog {
  const byKey = new Map<string, RosterRow[]>();
  for (const { row } of rows) {
    const key = dedupKey(row.query, '');
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return {
    id: `ledger-import:${enterprise}`,
    saved: () => undefined,
    save: (key, verdict) =>
      deps.ledger.change(enterprise, (book) => {
        for (const row of byKey.get(key) ?? []) {
          const person = findPerson(book.people, personOf(row, deps.today));
          if (person && person.latest === undefined) applyVerdict(person, verdict);
        }
      }),
  };
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
