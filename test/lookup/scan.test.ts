import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UnreachableError } from '../../src/domain/errors.js';
import { createNationalLookup, scanBaseUrlOf } from '../../src/lookup/national/client.js';
import { parseScanAnswer } from '../../src/lookup/national/parse-scan.js';
import { simulatedQrToken } from '../../src/simulator/qr-token.js';
import {
  type RunningSimulator,
  SCAN_PATH,
  startSimulator,
  UNKNOWN_TOKEN_MESSAGE,
} from '../../src/simulator/server.js';
import { DATA, MANAGER, testSettings, WORKER } from './helpers.js';

const noSolver = {
  name: 'none',
  async solve(): Promise<string> {
    throw new Error('a scan needs no captcha');
  },
};

const workerCert = DATA.certificates[0] as (typeof DATA.certificates)[number];
const managerCert = DATA.certificates.find((c) => c.idNumber === MANAGER.idNumber) as typeof workerCert;

describe('the QR scan on the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ data: DATA, seed: 3 });
  });
  afterAll(() => sim.close());

  it('answers a known token with its certificate under content (content.certNum)', async () => {
    const res = await fetch(`${sim.url}${SCAN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qrcode: simulatedQrToken(workerCert) }),
    });
    const json = (await res.json()) as { code: number; content: Record<string, string> };
    expect(json.code).toBe(200);
    expect(json.content.certNum).toBe(`T${WORKER.idNumber}`);
    expect(json.content.name).toBe(WORKER.name);
  });

  it('says 证件档案编号有误 of a token it never issued, and refuses an empty body', async () => {
    const post = (body: string) =>
      fetch(`${sim.url}${SCAN_PATH}`, { method: 'POST', body }).then((r) => r.json());
    expect(await post(JSON.stringify({ qrcode: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' }))).toMatchObject({
      code: 500,
      msg: UNKNOWN_TOKEN_MESSAGE,
    });
    expect(await post('not json')).toMatchObject({ code: 500 });
  });

  it('the client reads the certificate of a token, and a stranger token as not found', async () => {
    const client = createNationalLookup(testSettings(sim.url, { timeoutMs: 5_000 }), noSolver);
    const before = sim.stats().scans;
    const found = await client.scan(simulatedQrToken(workerCert));
    expect(found).toMatchObject({
      found: true,
      certificate: {
        kind: 'special',
        idNumber: WORKER.idNumber,
        name: WORKER.name,
        certNumber: `T${WORKER.idNumber}`,
        validUntil: '2031-03-10',
        issuer: '北京市应急管理局',
      },
    });
    const manager = await client.scan(simulatedQrToken(managerCert));
    expect(manager).toMatchObject({ found: true, certificate: { kind: 'safety', name: MANAGER.name } });
    expect(await client.scan('0123456789ABCDEF0123456789ABCDEF')).toEqual({
      found: false,
      message: UNKNOWN_TOKEN_MESSAGE,
    });
    expect(sim.stats().scans - before).toBe(3);
    expect(client.counters()).toMatchObject({ scans: 3, answered: 3, found: 2, captchaTries: 0 });
  });

  it('refuses a token that is no token without asking the platform', async () => {
    const client = createNationalLookup(testSettings(sim.url), noSolver);
    const before = sim.stats().scans;
    await expect(client.scan('javascript:alert(1)')).rejects.toBeInstanceOf(InputError);
    await expect(client.scan('A'.repeat(3000))).rejects.toBeInstanceOf(InputError);
    expect(sim.stats().scans).toBe(before);
  });

  it('a platform that cannot be reached is a LookupError, never "not found"', async () => {
    sim.setFaults({ failRate: 1 });
    try {
      const client = createNationalLookup(testSettings(sim.url, { retries: 1 }), noSolver);
      await expect(client.scan(simulatedQrToken(workerCert))).rejects.toBeInstanceOf(UnreachableError);
    } finally {
      sim.setFaults({ failRate: 0 });
    }
  });
});

describe('where the scan is asked', () => {
  it('derives the real scan host from the real platform, and the simulator serves both', () => {
    expect(scanBaseUrlOf({ baseUrl: 'https://cx.mem.gov.cn', scanBaseUrl: '' })).toBe(
      'https://wxcx.mem.gov.cn',
    );
    expect(scanBaseUrlOf({ baseUrl: 'http://127.0.0.1:8123', scanBaseUrl: '' })).toBe(
      'http://127.0.0.1:8123',
    );
    expect(scanBaseUrlOf({ baseUrl: 'https://cx.mem.gov.cn', scanBaseUrl: 'https://scan.example' })).toBe(
      'https://scan.example',
    );
  });
});

describe('parseScanAnswer', () => {
  const aliases = testSettings('http://x').fieldAliases;
  it('reads other error words as errors, not as "no such certificate"', () => {
    expect(() => parseScanAnswer('{"code":500,"msg":"系统繁忙"}', 'application/json', aliases)).toThrow(
      /系统繁忙/,
    );
    expect(() => parseScanAnswer('<html><body>502</body></html>', 'text/html', aliases)).toThrow();
    expect(() => parseScanAnswer('{"code":200', 'application/json', aliases)).toThrow(/JSON/);
  });
});
