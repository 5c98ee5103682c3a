/**
 * A real store in a temp directory with the ledger file and the real pipeline over a scripted platform: each ID
 * answers the certificates it is given, nothing (not found), or fails as an unreachable platform does.
 */
import { resolve } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../../src/config/load.js';
import type { CertificateRecord, LookupAnswer } from '../../src/domain/certificate.js';
import { UnreachableError } from '../../src/domain/errors.js';
import type { CertificateLookup, LookupRequest } from '../../src/lookup/port.js';
import { type LedgerPerson, LedgerStore } from '../../src/store/ledger-store.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPipeline, type Pipeline } from '../../src/verify/pipeline.js';
import { tempDir } from '../store/temp-dir.js';

export const RULES = loadConfig({ env: {} }).rules;

/** The sample roster (31 good rows, 2 bad), and one of its people: 陈静, expiring 2026-12-30. */
export const ROSTER_DEMO = resolve(PROJECT_ROOT, 'data', 'samples', 'roster-demo.xlsx');
export const CHEN = '440305198701300468';

/** Valid IDs (check characters right), from the sample people. */
export const ZHANG = '110105198503120135';
export const WANG = '310115199007080247';
export const LI = '32010219820915035X';

/** A special-operations certificate of `idNumber`. */
export function cert(
  idNumber: string,
  name: string,
  validUntil: string,
  extra: Partial<CertificateRecord> = {},
) {
  return {
    kind: 'special' as const,
    idNumber,
    name,
    certNumber: `T${idNumber}`,
    category: '电工作业',
    item: '低压电工作业',
    validUntil,
    ...extra,
  };
}

/** The platform as a script: `answers` by ID (absent = nothing found), `down` = every query fails. */
export class ScriptedPlatform implements CertificateLookup {
  answers = new Map<string, CertificateRecord[]>();
  down = false;
  requests: LookupRequest[] = [];

  async lookup(request: LookupRequest): Promise<LookupAnswer> {
    this.requests.push(request);
    if (this.down) throw new UnreachableError('模拟平台无法访问');
    const found = (this.answers.get(request.idNumber) ?? []).filter(
      (c) => c.name === request.name && (request.personType === 'special') === (c.kind === 'special'),
    );
    return { current: found, history: [] };
  }
}

export interface LedgerWorld {
  dir: string;
  store: Store;
  ledger: LedgerStore;
  platform: ScriptedPlatform;
  pipeline: Pipeline;
  /** Close the store and open it again from disk (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Open a world in a fresh temp directory (no cache: every query reaches the platform). */
export async function openLedgerWorld(now: () => Date = () => new Date()): Promise<LedgerWorld> {
  const dir = await tempDir();
  const platform = new ScriptedPlatform();
  const world = { dir, platform } as LedgerWorld;
  const open = async () => {
    world.store = await openStore(dir, { cache: { positiveTtlDays: 0, negativeTtlDays: 0 } });
    world.ledger = await LedgerStore.open(world.store);
    const ledger = world.ledger;
    world.pipeline = createPipeline({
      store: world.store,
      national: platform,
      rules: RULES,
      now,
      ledgerHolders: (id) => ledger.holders(id),
    });
  };
  await open();
  world.restart = async () => {
    await world.store.close();
    await open();
  };
  world.close = () => world.store.close();
  return world;
}

/** A person as an import adds them. */
export function person(idNumber: string, name: string, extra: Partial<LedgerPerson> = {}): LedgerPerson {
  return { idNumber, name, personType: 'special', addedOn: '2026-01-01', history: [], ...extra };
}
