/**
 * The ledger: each enterprise's ledger of its special-operations workers, principals and safety managers
 * (三项岗位人员持证台账). A person is the enterprise's own entry (ID, name, person type, item, department, left or
 * not); the bot adds what the platform said: the latest verdict with its date and source, and the history of
 * status changes. Beside the people, the reminder settings of the enterprise (on or off, the chat to push to) and
 * the events already pushed, so none goes out twice. One versioned JSON document of the store (`ledger`): each
 * change is made to the document as the database holds it, so instances sharing the database lose none of each
 * other's changes. What the getters show is this instance's copy as of its last change or `reload()`: the
 * scheduler reloads at each tick, and a view a moment old is acceptable for the chat's listings.
 *
 * This file is the one place an enterprise's people live once imported here: the registry keeps what the
 * enterprise wrote about their certificates (`import`), never a second copy of the ledger's people.
 */

import type { StoredChatAddress } from '../config/chat-ids.js';
import type { Absence } from '../domain/absence.js';
import type { CertificateRecord, PersonType } from '../domain/certificate.js';
import type { VerdictStatus } from '../domain/status.js';
import type { Concern, VerdictSource } from '../domain/verdict.js';
import type { StoreDocument } from './document.js';
import type { Store } from './store.js';

/** Current layout version of the ledger document. */
export const LEDGER_VERSION = 1;

/** The platform's latest answer about a person, as the ledger keeps it. */
export interface LedgerVerdict {
  status: VerdictStatus;
  /** The date the status was judged on. */
  judgedOn: string;
  /** ISO instant of the evidence (the platform's answer, or the cached one). */
  at?: string;
  source?: VerdictSource;
  /** The certificate that decided the status: its dates give the reminders of later days. */
  certificate?: CertificateRecord;
  personType?: PersonType;
  /** `not_found`: what it meant (a manager not yet assessed is reminded of his deadline, not accused). */
  absence?: Absence;
  /** Facts beside the status that bear on the work (past retirement age …): reminded of like a problem. */
  concerns?: Concern[];
}

/** One change of a person's status (the first verdict has no `from`). */
export interface LedgerChange {
  on: string;
  from?: VerdictStatus;
  to: VerdictStatus;
  source?: VerdictSource;
  /** The certificate's validUntil after the change (a later one than before means renewed). */
  validUntil?: string;
}

/** A person of a ledger. */
export interface LedgerPerson {
  idNumber: string;
  name: string;
  personType?: PersonType;
  item?: string;
  department?: string;
  /** 任职日期 of a principal or safety manager: the 6 months to pass the assessment start on it. */
  appointedOn?: string;
  /** The date added to the ledger. */
  addedOn: string;
  /** The date marked as left (离职): kept with its history, no longer re-checked or reminded of. */
  left?: string;
  latest?: LedgerVerdict;
  /** The last re-check the platform could not answer: the latest verdict stays, with its own date. */
  lastFailedOn?: string;
  history: LedgerChange[];
}

/** Where a ledger's reminders go when no group robot is configured for it: the chat it came from. */
export type LedgerChat = StoredChatAddress;

/** One enterprise's ledger. */
export interface LedgerBook {
  enterprise: string;
  people: LedgerPerson[];
  /** Reminders are on unless an admin turned them off. */
  remindersOff?: boolean;
  /** The chat of the admin who last sent a roster or switched the reminders: pushes and failure reports go there. */
  chat?: LedgerChat;
  /** Event keys already pushed, with the day each went out. */
  sent: Record<string, string>;
  /**
   * A digest push begun and not known to have gone out (recorded before the push, cleared once it went out):
   * after a crash or a failed push the next digest says it may repeat this one.
   */
  pushing?: { on: string; events: string[] };
  /** The day the last digest round ran for this ledger (sent, quiet, or failed and reported). */
  lastDigestOn?: string;
  /** Status changes found by re-checks and not yet told in a digest, by kind of change. */
  untoldChanges?: Record<string, number>;
}

/** The ledger document's data. */
export interface LedgerData {
  books: Record<string, LedgerBook>;
  /** The day the last re-check round started. */
  lastRecheckOn?: string;
}

/** A person's key in a ledger: one entry per ID number and item (a welder who is also an electrician is two). */
export function personKey(person: Pick<LedgerPerson, 'idNumber' | 'item'>): string {
  return `${person.idNumber}|${person.item ?? ''}`;
}

/** Whether the ledger still follows the person. */
export function isActive(person: LedgerPerson): boolean {
  return person.left === undefined;
}

/** The ledgers of every enterprise, over the `ledger` document. */
export class LedgerStore {
  /** Who lists each ID number, rebuilt after a change when first asked. */
  private byId: Map<string, Array<{ name: string; enterprise: string }>> | undefined;

  private constructor(private readonly file: StoreDocument<LedgerData>) {}

  /** Open the `ledger` document of the store. */
  static async open(store: Pick<Store, 'file'>): Promise<LedgerStore> {
    const file = await store.file<LedgerData>('ledger', {
      version: LEDGER_VERSION,
      defaults: () => ({ books: {} }),
    });
    return new LedgerStore(file);
  }

  /** Every ledger, by enterprise name. */
  get books(): readonly LedgerBook[] {
    return Object.values(this.file.data.books);
  }

  /** The ledger of `enterprise`, if it has one. */
  book(enterprise: string): LedgerBook | undefined {
    return Object.hasOwn(this.file.data.books, enterprise) ? this.file.data.books[enterprise] : undefined;
  }

  /** The enterprises whose ledger lists `idNumber` (people who left included), with the name each gave. */
  holders(idNumber: string): ReadonlyArray<{ name: string; enterprise: string }> {
    if (this.byId === undefined) {
      this.byId = new Map();
      for (const book of this.books) {
        for (const p of book.people) {
          const list = this.byId.get(p.idNumber) ?? [];
          if (!list.some((h) => h.enterprise === book.enterprise))
            list.push({ name: p.name, enterprise: book.enterprise });
          this.byId.set(p.idNumber, list);
        }
      }
    }
    return this.byId.get(idNumber) ?? [];
  }

  /** The day the last re-check round started. */
  get lastRecheckOn(): string | undefined {
    return this.file.data.lastRecheckOn;
  }

  /**
   * Change the ledger of `enterprise` (made empty first if it has none); resolves once durable. `mutate` may
   * return a value, handed back.
   */
  async change<R>(enterprise: string, mutate: (book: LedgerBook) => R): Promise<R> {
    let result: R | undefined;
    await this.file.update((data) => {
      if (!Object.hasOwn(data.books, enterprise))
        data.books[enterprise] = { enterprise, people: [], sent: {} };
      result = mutate(data.books[enterprise] as LedgerBook);
      this.byId = undefined;
    });
    return result as R;
  }

  /** Note that a re-check round started on `day`; resolves once durable. */
  markRecheck(day: string): Promise<void> {
    return this.file.update((data) => {
      data.lastRecheckOn = day;
    });
  }

  /** Take other instances' changes into this instance's copy. */
  async reload(): Promise<void> {
    await this.file.reload();
    this.byId = undefined;
  }

  /** Resolves once every change so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
  }
}
