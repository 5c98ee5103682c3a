/**
 * The console's requests and answers as plain data, apart from node:http: the service's server translates, the
 * pages and their tests need no socket.
 */
import type { AuthStore } from '../auth/types.js';
import type { ProgressSettings } from '../progress/report.js';
import type { ProgressStore } from '../progress/types.js';
import type { BureauStore } from '../store/types.js';

/** One request to the console. */
export interface ConsoleRequest {
  method: string;
  /** Path and query string as sent. */
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The body (a urlencoded form for POST). */
  body: string;
  /** The client's address, for limiting sign-ins. */
  address: string;
}

/** One answer of the console. */
export interface ConsoleResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

/** What the console is built on. */
export interface ConsoleDeps {
  store: BureauStore;
  auth: AuthStore;
  /** The clock (tests set it). */
  now?: () => Date;
  /** The intake's daily cap per enterprise, shown on the enterprises page (default: the intake's default). */
  intakePerDay?: number;
  /** The monthly statistics (进展统计表 pages); absent: those pages are not served. */
  progress?: ProgressStore;
  /** `bureau.region` and `bureau.campaignStartMonth` (where 累计数据 starts); default: neither set. */
  progressSettings?: ProgressSettings;
}
