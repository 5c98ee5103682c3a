/**
 * The pipeline on real parts: a store on disk, the simulator on loopback and the national client (captchas read
 * through the simulator's test header). Time is injected so cache freshness can be moved.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/domain/errors.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { LeadReport } from '../../src/domain/lead.js';
import type { ParsedQuery, Requester } from '../../src/domain/query.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPipeline, type Pipeline } from '../../src/verify/pipeline.js';
import { defaultRules } from '../domain/ids.js';
import { DATA, MANAGER, NOBODY, seamClient, testSettings, WELDER, WORKER } from '../lookup/helpers.js';
import { tempDir } from '../store/temp-dir.js';

const TODAY = '2026-11-24';
const DAY = 86_400_000;
const cli: Requester = { channel: 'cli', userId: 'tester', enterprise: '某建设公司' };

let simulator: RunningSimulator;
let store: Store;
let clock: number;
let pipeline: Pipeline;

function query(id: string, name?: string, item?: string): ParsedQuery {
  return queryFromIdCheck(validateIdNumber(id, TODAY), { name, item });
}

async function open(dir: string): Promise<void> {
  store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const { client } = seamClient(testSettings(simulator.url));
  pipeline = createPipeline({ store, national: client, rules: defaultRules(), now: () => new Date(clock) });
}

beforeAll(async () => {
  simulator = await startSimulator({ data: DATA, exposeCaptchaAnswer: true, seed: 7 });
});
afterAll(() => simulator.close());
beforeEach(async () => {
  simulator.setFaults({ failRate: 0, hangRate: 0, garbageRate: 0 });
  clock = Date.parse('2026-11-24T02:00:00Z');
  await open(await tempDir());
});
afterEach(() => store.close());

const queries = () => simulator.stats().queries;

describe('verify', () => {
  it('asks the platform once, then answers from the cache until the answer is a week old', async () => {
    const before = queries();
    const first = await pipeline.verify(query(WORKER.idNumber, WORKER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(first).toMatchObject({ status: 'valid', source: 'national', personType: 'special' });
    expect(queries() - before).toBe(1);

    clock += 6 * DAY;
    const second = await pipeline.verify(query(WORKER.idNumber, WORKER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(second).toMatchObject({ status: 'valid', source: 'cache' });
    expect(queries() - before).toBe(1);

    clock += 2 * DAY;
    const third = await pipeline.verify(query(WORKER.idNumber, WORKER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(third.source).toBe('national');
    expect(queries() - before).toBe(2);
  });

  it('uses a stale answer, dated, when the platform cannot be reached', async () => {
    await pipeline.verify(query(WORKER.idNumber, WORKER.name), { requester: cli, today: TODAY });
    clock += 10 * DAY;
    simulator.setFaults({ failRate: 1 });
    const verdict = await pipeline.verify(query(WORKER.idNumber, WORKER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(verdict.status).toBe('valid');
    expect(verdict.source).toBe('stale-cache');
    expect(verdict.evidenceAt).toBe('2026-11-24T02:00:00.000Z');
    expect(verdict.warnings[0]).toContain('2026-11-24 10:00');
  });

  it('never turns a failure into not_found, even with an old empty answer cached', async () => {
    const found = await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), {
      requester: cli,
      today: TODAY,
    });
    expect(found.status).toBe('not_found');
    clock += 2 * DAY;
    simulator.setFaults({ failRate: 1 });
    const verdict = await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), {
      requester: cli,
      today: TODAY,
    });
    expect(verdict.status).toBe('unverifiable');
    expect(
      store.findings
        .list({})
        .map((f) => f.status)
        .sort(),
    ).toEqual(['not_found', 'unverifiable']);
  });

  it('looks in every kind until one has the person, special operations first', async () => {
    const verdict = await pipeline.verify(query(WELDER.idNumber, WELDER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(verdict.personType).toBe('special');
    expect(verdict.certificates.map((c) => c.record.item)).toEqual(['低压电工作业', '熔化焊接与热切割作业']);
    expect(verdict.history).toHaveLength(1);
    const welding = await pipeline.verify(query(WELDER.idNumber, WELDER.name, '焊工'), {
      requester: cli,
      today: TODAY,
    });
    expect(welding.status).toBe('expired');
  });

  const nobodysCertificate = {
    kind: 'special' as const,
    idNumber: NOBODY.idNumber,
    name: NOBODY.name,
    category: '电工作业',
    item: '低压电工作业',
    validUntil: '2030-01-01',
  };

  it('answers from an official export in the registry before the platform', async () => {
    await store.registry.replaceSource(
      { file: '/exports/2026.json', importedAt: '2026-11-01T00:00:00.000Z', provenance: 'official' },
      [nobodysCertificate],
    );
    const before = queries();
    const verdict = await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), {
      requester: cli,
      today: TODAY,
    });
    expect(verdict).toMatchObject({ status: 'valid', source: 'registry' });
    expect(queries()).toBe(before);
  });

  it("checks a person only an enterprise's ledger has on the platform: the ledger is no evidence", async () => {
    await store.registry.replaceSource(
      {
        file: '/ledger/2026.xlsx',
        importedAt: '2026-11-01T00:00:00.000Z',
        provenance: 'ledger',
        enterprise: '某建设公司',
      },
      [nobodysCertificate],
    );
    const before = queries();
    const verdict = await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), {
      requester: cli,
      today: TODAY,
    });
    expect(verdict).toMatchObject({ status: 'not_found', source: 'national', heldBy: ['某建设公司'] });
    expect(queries()).toBeGreaterThan(before);

    clock += 2 * DAY;
    simulator.setFaults({ failRate: 1 });
    const down = await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), {
      requester: cli,
      today: TODAY,
    });
    expect(down.status).toBe('unverifiable');
  });

  it('records a finding durably, and counts a repeat the same day instead of doubling it', async () => {
    const dir = store.dataDir;
    await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), { requester: cli, today: TODAY });
    await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), { requester: cli, today: TODAY });
    await store.close();
    await open(dir);
    const [only, ...rest] = store.findings.list({});
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      status: 'not_found',
      enterprise: '某建设公司',
      name: NOBODY.name,
      count: 2,
    });
    expect(only?.evidence.platformSaid).toBe('全国平台答复：没有查询到相关证件信息！');

    clock += DAY;
    await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), { requester: cli, today: '2026-11-25' });
    expect(store.findings.list({}).map((f) => f.count)).toEqual([2, 1]);
    expect(JSON.stringify(store.audit.entries())).not.toContain(NOBODY.idNumber);
  });

  it('dates a finding by the judging date (config today), not by the wall clock', async () => {
    clock = Date.parse('2026-12-01T02:00:00Z');
    await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), { requester: cli, today: TODAY });
    const [finding] = store.findings.list({ from: TODAY, to: TODAY });
    expect(finding).toMatchObject({ day: TODAY, firstAt: '2026-12-01T02:00:00.000Z' });
    expect(finding?.id).toMatch(/^F20261124-/);
  });

  it('joins identical queries in flight', async () => {
    const before = queries();
    const [a, b] = await Promise.all([
      pipeline.verify(query(WORKER.idNumber, WORKER.name), { requester: cli, today: TODAY }),
      pipeline.verify(query(WORKER.idNumber, WORKER.name), { requester: cli, today: TODAY }),
    ]);
    expect(a.status).toBe('valid');
    expect(b.status).toBe('valid');
    expect(queries() - before).toBe(1);
  });

  it('says name_mismatch when the ID is known under another name, the name kept out of the words', async () => {
    await pipeline.verify(query(WORKER.idNumber, WORKER.name), { requester: cli, today: TODAY });
    const verdict = await pipeline.verify(query(WORKER.idNumber, '李四'), { requester: cli, today: TODAY });
    expect(verdict.status).toBe('name_mismatch');
    expect(verdict.registeredNames).toEqual([WORKER.name]);
    expect(verdict.reasons[0]).toContain('姓名与登记信息不一致');
    expect(JSON.stringify(verdict.reasons)).not.toContain(WORKER.name);
  });

  it('knows a name the platform found, never one typed into a query, and never fills one in itself', async () => {
    await pipeline.verify(query(NOBODY.idNumber, '李四'), { requester: cli, today: TODAY });
    expect(await pipeline.knownName(NOBODY.idNumber)).toBeUndefined();
    const bare = await pipeline.verify(query(NOBODY.idNumber), { requester: cli, today: TODAY });
    expect(bare.status).toBe('unverifiable');
    expect(bare.query.name).toBeUndefined();

    await pipeline.verify(query(WORKER.idNumber, WORKER.name), { requester: cli, today: TODAY });
    expect(await pipeline.knownName(WORKER.idNumber)).toEqual({ name: WORKER.name, heldBy: [] });
    const unnamed = await pipeline.verify(query(WORKER.idNumber), { requester: cli, today: TODAY });
    expect(unnamed.status).toBe('unverifiable');
  });

  it("knows the name in an enterprise's ledger, with the enterprise that holds the person", async () => {
    await store.registry.replaceSource(
      { file: '/ledger/a.xlsx', importedAt: '2026-11-01T00:00:00.000Z', enterprise: '甲公司' },
      [nobodysCertificate],
    );
    expect(await pipeline.knownName(NOBODY.idNumber)).toEqual({ name: NOBODY.name, heldBy: ['甲公司'] });
  });

  it('judges the 工种 as people write it against the certificates the platform holds', async () => {
    const judged = (id: string, name: string, item: string) =>
      pipeline.verify(query(id, name, item), { requester: cli, today: TODAY });
    // 黄勇's 熔化焊接与热切割作业 lapsed in 2023: 氩弧焊 is that work, so the answer is its expiry, no mismatch.
    const argon = await judged(WELDER.idNumber, WELDER.name, '氩弧焊');
    expect(argon).toMatchObject({ status: 'expired', best: { record: { item: '熔化焊接与热切割作业' } } });
    expect(await judged(WORKER.idNumber, WORKER.name, '电工（低压）')).toMatchObject({ status: 'valid' });
    const unplaced = await judged(WORKER.idNumber, WORKER.name, '钳工');
    expect(unplaced.status).toBe('valid');
    expect(unplaced.warnings).toContain('未能识别的工种「钳工」，未比对操作项目');
  });

  it('never looks up an invalid number', async () => {
    const before = queries();
    const bad = await pipeline.verify(query(`${WORKER.idNumber.slice(0, 17)}0`, '张伟'), {
      requester: cli,
      today: TODAY,
    });
    expect(bad.status).toBe('invalid_id');
    expect(queries()).toBe(before);
  });

  it('without a name nobody knows, the query is unverifiable, not looked up', async () => {
    const before = queries();
    const verdict = await pipeline.verify(query(NOBODY.idNumber), { requester: cli, today: TODAY });
    expect(verdict.status).toBe('unverifiable');
    expect(verdict.reasons[0]).toContain('缺少姓名');
    expect(queries()).toBe(before);
  });

  it('does not judge a named item when the kind that may hold it could not be asked', async () => {
    const manager = {
      kind: 'safety' as const,
      ...WORKER,
      role: '安全生产管理人员',
      validUntil: '2030-01-01',
    };
    const national = {
      lookup: async ({ personType }: { personType: string }) => {
        if (personType === 'special') throw new UnreachableError();
        return { current: personType === 'manager' ? [manager] : [], history: [] };
      },
    };
    const partial = createPipeline({ store, national, rules: defaultRules(), now: () => new Date(clock) });
    const withItem = await partial.verify(query(WORKER.idNumber, WORKER.name, '低压电工'), {
      requester: cli,
      today: TODAY,
    });
    expect(withItem.status).toBe('unverifiable');
    const withoutItem = await partial.verify(query(WORKER.idNumber, WORKER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(withoutItem).toMatchObject({ status: 'valid', personType: 'manager' });
  });

  it('a failed lookup is never a mismatch: the kind that could not be asked may hold the answer', async () => {
    const principal = {
      kind: 'safety' as const,
      ...MANAGER,
      role: '主要负责人',
      validUntil: '2030-01-01',
    };
    const national = {
      lookup: async ({ personType }: { personType: string }) => {
        if (personType === 'manager') throw new UnreachableError();
        return { current: personType === 'principal' ? [principal] : [], history: [] };
      },
    };
    const partial = createPipeline({ store, national, rules: defaultRules(), now: () => new Date(clock) });
    const asManager = { ...query(MANAGER.idNumber, MANAGER.name), personType: 'manager' as const };
    const verdict = await partial.verify(asManager, { requester: cli, today: TODAY });
    expect(verdict.status).toBe('unverifiable');
    expect(verdict.reasons[0]).toContain('暂时无法核验');
    // No kind named: an expired certificate of one kind says nothing while another kind could not be asked.
    const expired = {
      kind: 'safety' as const,
      ...WORKER,
      role: '安全生产管理人员',
      validUntil: '2026-01-01',
    };
    const withExpired = createPipeline({
      store,
      national: {
        lookup: async ({ personType }) => {
          if (personType === 'special') throw new UnreachableError();
          return { current: personType === 'manager' ? [expired] : [], history: [] };
        },
      },
      rules: defaultRules(),
      now: () => new Date(clock),
    });
    const unnamedType = await withExpired.verify(query(WORKER.idNumber, WORKER.name), {
      requester: cli,
      today: TODAY,
    });
    expect(unnamedType.status).toBe('unverifiable');
  });

  it('a named person type is asked first; a certificate of another type is a mismatch, not "not found"', async () => {
    const asPrincipal = { ...query(MANAGER.idNumber, MANAGER.name), personType: 'principal' as const };
    const verdict = await pipeline.verify(asPrincipal, { requester: cli, today: TODAY });
    expect(verdict).toMatchObject({ status: 'item_mismatch', personType: 'manager' });
    expect(verdict.reasons[0]).toContain('没有主要负责人的证书');
    const asManager = { ...query(MANAGER.idNumber, MANAGER.name), personType: 'manager' as const };
    expect((await pipeline.verify(asManager, { requester: cli, today: TODAY })).status).toBe('valid');
    const nobody = { ...query(NOBODY.idNumber, NOBODY.name), personType: 'principal' as const };
    const before = queries();
    expect((await pipeline.verify(nobody, { requester: cli, today: TODAY })).status).toBe('not_found');
    expect(queries() - before).toBe(3);
  });
});

describe('the check tally', () => {
  it("counts everyone checked, found or not, for the asker's enterprise; a lead's re-check counts nothing", async () => {
    await pipeline.verify(query(WORKER.idNumber, WORKER.name), { requester: cli, today: TODAY });
    await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), { requester: cli, today: TODAY });
    await pipeline.verify(query(MANAGER.idNumber, MANAGER.name), {
      requester: { channel: 'cli', userId: 'tester' },
      today: TODAY,
    });
    await pipeline.verify(query(WELDER.idNumber, WELDER.name), {
      requester: cli,
      today: TODAY,
      recheck: true,
    });
    await pipeline.flush?.();
    const ours = store.checks.summary({ enterprise: cli.enterprise });
    expect(ours).toMatchObject({ people: 2, found: 1, byStatus: { valid: 1, not_found: 1 } });
    expect(store.checks.summary().people).toBe(3);
    expect(store.checks.month(cli.enterprise, TODAY.slice(0, 7))).toEqual({ people: 2, problems: 1 });
  });
});

describe('who is accused', () => {
  /** The leads the pipeline hands over, in order. */
  function withSink(): { leads: LeadReport[] } {
    const leads: LeadReport[] = [];
    const { client } = seamClient(testSettings(simulator.url));
    pipeline = createPipeline({
      store,
      national: client,
      rules: defaultRules(),
      now: () => new Date(clock),
      leads: { add: async (lead) => leads.push(lead), found: async () => 0, flush: async () => {} },
    });
    return { leads };
  }
  const ctx = { requester: cli, today: TODAY };

  it('a worker on a list, nothing presented: 未查到证书 on the list, a finding, no lead', async () => {
    const { leads } = withSink();
    const v = await pipeline.verify(query(NOBODY.idNumber, NOBODY.name), ctx);
    expect(v.status).toBe('not_found');
    expect(v.absence).toEqual({ kind: 'uncertified' });
    expect(store.findings.list({})).toHaveLength(1);
    expect(leads).toEqual([]);
  });

  it('an expiry coming due is a finding for the problem list, and no lead, even for a card asked about', async () => {
    const { leads } = withSink();
    const soon = { requester: cli, today: '2028-01-10' };
    const v = await pipeline.verify({ ...query(MANAGER.idNumber, MANAGER.name), claim: 'asked' }, soon);
    expect(v.status).toBe('expiring');
    expect(store.findings.list({}).map((f) => [f.status, f.evidence.certificates[0]?.validUntil])).toEqual([
      ['expiring', '2028-02-20'],
    ]);
    expect(leads).toEqual([]);
    await pipeline.verify(query(WORKER.idNumber, WORKER.name), ctx);
    expect(store.findings.list({})).toHaveLength(1);
  });

  it('an item named: the finding holds the certificate the verdict is about first, not his valid one', async () => {
    withSink();
    const v = await pipeline.verify({ ...query(WELDER.idNumber, WELDER.name, '焊工'), claim: 'asked' }, ctx);
    expect(v.status).toBe('expired');
    const [finding] = store.findings.list({});
    expect(finding?.evidence.certificates.map((c) => [c.item, c.validUntil])).toEqual([
      ['熔化焊接与热切割作业', '2023-04-11'],
      ['低压电工作业', '2030-10-08'],
    ]);
  });

  it('a card asked about and not found: a lead (the bureau holds it while it waits for the re-check)', async () => {
    const { leads } = withSink();
    const v = await pipeline.verify({ ...query(NOBODY.idNumber, NOBODY.name), claim: 'asked' }, ctx);
    expect(v.absence).toMatchObject({ kind: 'presented', recheckOn: '2026-11-27' });
    expect(leads.map((l) => l.kind)).toEqual(['fake_certificate']);
  });

  it('a manager asked about presents nothing: no lead, the 6 months said instead', async () => {
    const { leads } = withSink();
    const asked = {
      ...query(NOBODY.idNumber, NOBODY.name),
      personType: 'manager' as const,
      claim: 'asked' as const,
    };
    const v = await pipeline.verify({ ...asked, appointedOn: '2026-10-01' }, ctx);
    expect(v.absence).toMatchObject({ kind: 'unassessed', deadline: '2027-04-01', withinDeadline: true });
    expect(leads).toEqual([]);
  });

  it("a certificate number unlike the platform's: the verdict stays, a finding and an altered-card lead", async () => {
    const { leads } = withSink();
    const presented = `T9${WORKER.idNumber.slice(1)}`;
    const q = { ...query(WORKER.idNumber, WORKER.name), certNumber: presented, claim: 'number' as const };
    const v = await pipeline.verify(q, ctx);
    expect(v.status).toBe('valid');
    expect(v.numberMismatch?.presented).toBe(presented);
    expect(leads.map((l) => [l.kind, l.status])).toEqual([['altered_card', 'valid']]);
    const same = { ...q, certNumber: `T${WORKER.idNumber}` };
    await pipeline.verify(same, { ...ctx, today: '2026-11-25' });
    expect(leads).toHaveLength(1);
  });

  it('another name for the same ID is its own finding, not a repeat of the first', async () => {
    withSink();
    await pipeline.verify({ ...query(NOBODY.idNumber, '李四'), claim: 'asked' }, ctx);
    await pipeline.verify({ ...query(NOBODY.idNumber, '张玮'), claim: 'asked' }, ctx);
    const findings = store.findings.list({});
    expect(findings.map((f) => [f.name, f.count])).toEqual([
      ['李四', 1],
      ['张玮', 1],
    ]);
  });

  it('a forklift query finding nothing here: other_authority, where to check, no lead', async () => {
    const { leads } = withSink();
    const v = await pipeline.verify({ ...query(NOBODY.idNumber, NOBODY.name, '叉车'), claim: 'asked' }, ctx);
    expect(v.status).toBe('other_authority');
    expect(v.reasons[0]).toContain('cnse.samr.gov.cn');
    expect(leads).toEqual([]);
  });
});
