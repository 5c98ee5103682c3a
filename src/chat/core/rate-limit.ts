/**
 * Per-user hourly budget of ID numbers looked up, over a sliding hour, shared by every flow that asks the
 * platform for someone: text queries, roster rows, and photos once they exist (each takes a count). The budget
 * is config.chat.maxQueriesPerHour, or maxQueriesPerHourAdmin for an admin and maxQueriesPerHourManager for an
 * enterprise's own manager (a contact whose id is a key of chat.enterprises); ids on the user's door only, never
 * display names. Counters are kept per door-qualified id (`wechaty:wxid_…`).
 * The counters are kept in the store (`chat-budget`), so a restart does not reset them, and instances sharing
 * the database share them: `take` decides at once on this instance's copy of the counters (another instance's
 * lookups count from this one's next write, which refreshes the copy: a user who asks both at the same moment
 * may get a few more) and adds its lookups to the document as the database holds it, written behind.
 */
import { type ChatDoor, chatIdEntry, chatIdMatches } from '../../config/chat-ids.js';
import type { StoreDocument } from '../../store/document.js';
import type { Store } from '../../store/store.js';
import { type ChatConfig, isAdmin } from './access.js';

const HOUR_MS = 3_600_000;

/** Version of the layout of the counters file. */
export const BUDGET_FILE_VERSION = 1;

/** Whose budget: a user id on a door (a reply address fits). */
export interface BudgetUser {
  userId: string;
  door?: ChatDoor;
}

/** The settings the budget reads. */
export type BudgetConfig = Pick<
  ChatConfig,
  'admins' | 'enterprises' | 'maxQueriesPerHour' | 'maxQueriesPerHourAdmin' | 'maxQueriesPerHourManager'
>;

export interface RateDecision {
  /** How many of the requested queries may go ahead. */
  allowed: number;
  /** When the next one frees up (epoch ms), if some were refused. */
  retryAt?: number;
}

interface BudgetData {
  /** Per user id, the instants (epoch ms) of the lookups of the last hour. */
  used: Record<string, number[]>;
}

export class QueryRateLimit {
  /** Lookups taken here whose write has not committed yet, per user: they count at once. */
  private readonly unsaved = new Map<string, number[]>();

  private constructor(
    private readonly file: StoreDocument<BudgetData>,
    private readonly config: BudgetConfig,
  ) {}

  /** Open (or create) the counters file through the store. */
  static async open(store: Pick<Store, 'file'>, config: BudgetConfig): Promise<QueryRateLimit> {
    const file = await store.file<BudgetData>('chat-budget', {
      version: BUDGET_FILE_VERSION,
      defaults: () => ({ used: {} }),
    });
    return new QueryRateLimit(file, config);
  }

  /** The hourly budget of `user`. */
  limitOf(user: BudgetUser): number {
    const { door } = user;
    if (isAdmin(this.config, { sender: { id: user.userId, name: '' }, door })) {
      return this.config.maxQueriesPerHourAdmin;
    }
    const manager = Object.keys(this.config.enterprises).some((e) => chatIdMatches(e, door, user.userId));
    return manager ? this.config.maxQueriesPerHourManager : this.config.maxQueriesPerHour;
  }

  /** Take up to `count` queries for `user` at `now`; the allowed ones are counted (and saved). */
  take(user: BudgetUser, count: number, now: number): RateDecision {
    const key = chatIdEntry(user.door, user.userId);
    const recent = [...(this.file.data.used[key] ?? []), ...(this.unsaved.get(key) ?? [])]
      .filter((t) => t > now - HOUR_MS)
      .sort((a, b) => a - b);
    const allowed = Math.max(0, Math.min(count, this.limitOf(user) - recent.length));
    const taken = Array.from({ length: allowed }, () => now);
    recent.push(...taken);
    if (allowed > 0) this.save(key, taken, now);
    if (allowed === count) return { allowed };
    return { allowed, retryAt: (recent[0] ?? now) + HOUR_MS };
  }

  /**
   * Write behind: `taken` counts now (as unsaved), the write adds it to the counters as the database holds them
   * (users with nothing in the last hour are dropped). A failed write is logged by the store and its lookups
   * stop counting.
   */
  private save(user: string, taken: number[], now: number): void {
    const waiting = this.unsaved.get(user) ?? [];
    waiting.push(...taken);
    this.unsaved.set(user, waiting);
    // Released in the turn the write commits in, when the document's copy takes them: never counted twice.
    const release = () => {
      waiting.splice(0, taken.length);
      if (waiting.length === 0 && this.unsaved.get(user) === waiting) this.unsaved.delete(user);
    };
    this.file
      .update((data) => {
        for (const [other, times] of Object.entries(data.used)) {
          if (!times.some((t) => t > now - HOUR_MS)) delete data.used[other];
        }
        data.used[user] = [...(data.used[user] ?? []).filter((t) => t > now - HOUR_MS), ...taken];
      })
      .then(release, release);
  }
}
