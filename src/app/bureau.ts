/**
 * The composition root of the bureau's service: its store where the settings say, the router with every part's
 * routes (the intake API; the console adds its own to BUREAU_ROUTES), and the HTTP server.
 */
import { registerIntakeApi } from '../bureau/api/intake.js';
import type { IntakeLimits } from '../bureau/api/intake-quota.js';
import { registerConsole } from '../bureau/console/register.js';
import { Router } from '../bureau/http/router.js';
import { type RunningHttpServer, startHttpServer } from '../bureau/http/server.js';
import { sqlProgressStore } from '../bureau/progress/sql-progress-store.js';
import { type OpenBureau, openBureauStore } from '../bureau/store/open.js';
import type { BureauStore } from '../bureau/store/types.js';
import type { Config } from '../config/schema.js';
import type { SqlDb } from '../sql/db.js';

/** What a part of the service gets to register its routes with. */
export interface BureauRouteDeps {
  store: BureauStore;
  /** The database under the store, for a part's own tables (its migrations appended to BUREAU_MIGRATIONS). */
  db: SqlDb;
  config: Config;
  now: () => Date;
}

/** The intake's limits from the settings. */
function intakeLimits(config: Config): IntakeLimits {
  return { perMinute: config.bureau.intakePerMinute, perDay: config.bureau.intakePerDay };
}

/** Every part's routes, registered in this order. */
export const BUREAU_ROUTES: Array<(router: Router, deps: BureauRouteDeps) => void> = [
  (router, deps) =>
    registerIntakeApi(router, {
      ...deps,
      progress: sqlProgressStore(deps.db),
      limits: intakeLimits(deps.config),
    }),
  (router, deps) =>
    registerConsole(router, {
      ...deps,
      progress: sqlProgressStore(deps.db),
      intakePerDay: deps.config.bureau.intakePerDay,
      progressSettings: deps.config.bureau,
    }),
];

/** Open the bureau's store from the settings (`--data-dir`, `bureau.databaseUrl`), migrated. */
export function openBureau(config: Config): Promise<OpenBureau> {
  return openBureauStore({ dataDir: config.dataDir, databaseUrl: config.bureau.databaseUrl });
}

export interface RunningBureau {
  url: string;
  store: BureauStore;
  /** The database under the store (for checks of what it holds). */
  db: SqlDb;
  /** Stop the server (requests in progress finish), then close the database. */
  close(): Promise<void>;
}

/** Open the store and serve every part's routes on `host:port`. */
export async function startBureau(
  config: Config,
  listen: { host: string; port: number },
  now: () => Date = () => new Date(),
): Promise<RunningBureau> {
  const { store, db } = await openBureau(config);
  const router = new Router();
  for (const register of BUREAU_ROUTES) register(router, { store, db, config, now });
  let server: RunningHttpServer;
  try {
    server = await startHttpServer({ router, ...listen, limits: config.http });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    url: server.url,
    store,
    db,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
