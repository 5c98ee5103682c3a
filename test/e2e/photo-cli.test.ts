/**
 * Photos end to end through the real command line against the simulator (sample people, easy captchas read by
 * the real OCR, the scan endpoint): `/file card.jpg` in `bot --console`, and `check --image` in text and JSON,
 * with the lead it records reaching `export leads`. The cards are drawn from the sample people, with official QR
 * codes carrying their simulated tokens, and altered or given a fake host where a case needs it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/load.js';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import { officialQrText, simulatedQrToken } from '../../src/simulator/qr-token.js';
import { loadSimulatorData, type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { startCli } from '../faults/child-cli.js';
import { drawCard } from '../helpers/card-image.js';

const TODAY = '2026-11-24';
const SAMPLES = join(PROJECT_ROOT, 'data', 'samples');

/** Run `cert-verify <args>` with `input` on stdin; resolves once it exits. */
async function cli(
  args: string[],
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startCli(args);
  child.process.stdin?.end(input);
  const { code } = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

let simulator: RunningSimulator;
let dir: string;
let zhang: CertificateRecord;
const flags = () => [
  '--data-dir',
  join(dir, 'data'),
  '--lookup-url',
  simulator.url,
  '--min-interval-ms',
  '0',
  '--today',
  TODAY,
];

/** A photo of `cert`'s card (printed as `printed` says) with `qrText`, saved as `name`; resolves with its path. */
async function cardFile(name: string, printed: Partial<CertificateRecord> = {}, qrText?: string) {
  const png = await drawCard({
    cert: { ...zhang, ...printed },
    qrText: qrText ?? officialQrText(simulatedQrToken(zhang)),
    style: 'ic_card',
    dates: 'dash',
  });
  const path = join(dir, name);
  await writeFile(path, await sharp(png).jpeg({ quality: 90 }).toBuffer());
  return path;
}

beforeAll(async () => {
  const data = await loadSimulatorData(join(SAMPLES, 'people.json'));
  simulator = await startSimulator({ data, captcha: 'easy' });
  zhang = data.certificates.find((c) => c.name === '张伟' && !c.history) as CertificateRecord;
  dir = await mkdtemp(join(tmpdir(), 'photo-cli-'));
});
afterAll(async () => {
  await simulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe('photos through the command line', () => {
  it('bot --console: /file of a genuine card is checked, scanned and answered', {
    timeout: 120_000,
  }, async () => {
    const path = await cardFile('张伟.jpg');
    const before = simulator.stats().scansFound;
    const { code, stdout, stderr } = await cli(['bot', '--console', ...flags()], `/file ${path}\n`);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('【证件照片核验】');
    expect(stdout).toContain('官方扫码：二维码对应的证书与证上的姓名、证号一致');
    expect(stdout).toContain('✅ 有效｜张伟 110105198503120135');
    expect(stdout).not.toContain('线索');
    expect(simulator.stats().scansFound).toBe(before + 1);
  });

  it('check --image --json: an altered card, its differences and lead, then in export leads', {
    timeout: 120_000,
  }, async () => {
    const path = await cardFile('改过的证.jpg', { validUntil: '2035-03-10' });
    const { code, stdout, stderr } = await cli(['check', '--image', path, '--json', ...flags()]);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.results[0]).toMatchObject({ status: 'valid', maskedId: '110105********0135', name: '张伟' });
    expect(json.photo.qr).toMatchObject({ host: 'wxcx.mem.gov.cn', official: true });
    expect(json.photo.card.validUntil.text).toBe('2035-03-10');
    expect(json.photo.differences).toEqual([
      expect.objectContaining({
        field: 'validUntil',
        card: '2035-03-10',
        platform: zhang.validUntil,
        weight: 'altered',
      }),
    ]);
    expect(json.photo.leads).toEqual(['altered_card']);
    const out = join(dir, 'leads.csv');
    const exported = await cli(['export', 'leads', '--format', 'csv', '--out', out, ...flags()]);
    expect(exported.code, exported.stderr).toBe(0);
    const csv = (await readFile(out, 'utf8')).replace(/^\uFEFF/, '');
    expect(csv).toContain('疑似涂改证件');
    expect(csv).toContain('有效期至：证上 2035-03-10');
    expect(csv).toContain(json.photo.sha256);
  });

  it('check --image: a fake lookup host in words, defanged; a missing file in one Chinese line', {
    timeout: 120_000,
  }, async () => {
    const path = await cardFile(
      '假网址.jpg',
      {},
      'https://cx.mem.gov.cn.cxzs.top/certsearch/cert/qrcode#ABC12345',
    );
    const { code, stdout, stderr } = await cli(['check', '--image', path, ...flags()]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('❌ 疑似假冒查询网站');
    expect(stdout).toContain('hxxps://cx[.]mem[.]gov[.]cn[.]cxzs[.]top');
    expect(stdout).not.toContain('https://cx.mem.gov.cn.cxzs.top');
    const missing = await cli(['check', '--image', join(dir, 'nope.jpg'), ...flags()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(/^无法读取图片文件 .*nope\.jpg：文件不存在$/);
  });
});
