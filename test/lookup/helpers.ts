/**
 * Shared setup of the client tests: settings for loopback (short timeouts, no pauses), a simulator with
 * people built here, and a client wired to the captcha header seam.
 */
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createNationalLookup, type NationalLookup } from '../../src/lookup/national/client.js';
import type { SimulatorData } from '../../src/simulator/server.js';
import { makeId } from '../domain/ids.js';
import { type HeaderSolver, simulatorCaptchaSeam } from '../helpers/simulator-captcha.js';

export const WORKER = { idNumber: makeId('110105', '19850312', '013'), name: '张伟' };
export const WELDER = { idNumber: makeId('510107', '19830227', '079'), name: '黄勇' };
export const MANAGER = { idNumber: makeId('620102', '19770716', '019'), name: '冯刚' };
export const PRINCIPAL = { idNumber: makeId('370102', '19700101', '033'), name: '孙强' };
export const NOBODY = { idNumber: makeId('440103', '19900101', '017'), name: '无名' };

/** Who the simulator knows. */
export const DATA: SimulatorData = {
  certificates: [
    {
      kind: 'special',
      ...WORKER,
      certNumber: `T${WORKER.idNumber}`,
      category: '电工作业',
      item: '低压电工作业',
      validFrom: '2025-03-10',
      validUntil: '2031-03-10',
      reviewDue: '2028-03-10',
      issuer: '北京市应急管理局',
    },
    { kind: 'special', ...WELDER, category: '电工作业', item: '低压电工作业', validUntil: '2030-10-08' },
    {
      kind: 'special',
      ...WELDER,
      category: '焊接与热切割作业',
      item: '熔化焊接与热切割作业',
      validUntil: '2023-04-11',
    },
    {
      kind: 'special',
      ...WELDER,
      category: '电工作业',
      item: '低压电工作业',
      validUntil: '2024-10-08',
      history: true,
    },
    { kind: 'safety', ...WELDER, role: '安全生产管理人员', industry: '建筑施工', validUntil: '2027-05-01' },
    { kind: 'safety', ...MANAGER, role: '安全生产管理人员', industry: '金属冶炼', validUntil: '2028-02-20' },
    { kind: 'safety', ...PRINCIPAL, role: '主要负责人', industry: '危险化学品', validUntil: '2027-09-30' },
  ],
};

/** Lookup settings for loopback tests; `change` overrides. */
export function testSettings(baseUrl: string, change: Partial<Config['lookup']> = {}): Config['lookup'] {
  const lookup = loadConfig({ env: {} }).lookup;
  return {
    ...lookup,
    baseUrl,
    minIntervalMs: 0,
    timeoutMs: 300,
    retries: 3,
    retryMinDelayMs: 1,
    retryMaxDelayMs: 5,
    captchaTries: 4,
    breaker: { failureThreshold: 3, cooldownMs: 60_000 },
    ...change,
  };
}

/** A client on the header seam (the captcha is always read right unless the simulator rejects it). */
export function seamClient(
  settings: Config['lookup'],
  opts: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): { client: NationalLookup; solver: HeaderSolver } {
  const { http, solver } = simulatorCaptchaSeam(settings);
  return { client: createNationalLookup(settings, solver, { ...opts, http }), solver };
}
