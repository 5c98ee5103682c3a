import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../../src/config/load.js';
import { InputError } from '../../src/domain/errors.js';
import { loadSimulatorData, parseSimulatorData } from '../../src/simulator/data.js';
import { PLATFORM_FIELDS } from '../../src/simulator/platform-fields.js';

const good = { kind: 'special', idNumber: '11010519491231002X', name: '王五', validUntil: '2030-01-01' };

function problemOf(certificates: unknown[]): string {
  try {
    parseSimulatorData({ certificates });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('simulator data validation', () => {
  it('accepts a minimal certificate and keeps optional fields', () => {
    const data = parseSimulatorData({ certificates: [{ ...good, history: true, reviewDue: '2027-02-28' }] });
    expect(data.certificates[0]).toEqual({ ...good, history: true, reviewDue: '2027-02-28' });
  });

  it.each([
    [
      { ...good, kind: 'other' },
      '第 1 条证书的 kind：应为 special（特种作业）或 safety（安全生产知识和管理能力）',
    ],
    [{ ...good, idNumber: '1101051949123100' }, '第 1 条证书的 idNumber：应为 18 位身份证号'],
    [{ ...good, validUntil: '2023-02-29' }, '第 1 条证书的 validUntil：应为真实存在的日期'],
    [{ ...good, validUntil: undefined }, '第 1 条证书的 validUntil：缺失（必填）'],
    [{ ...good, sex: 'M' }, '第 1 条证书的 sex：应为 男 或 女'],
    [{ ...good, issuer: '' }, '第 1 条证书的 issuer：不能为空字符串'],
    [{ ...good, color: 'red' }, '第 1 条证书有未知字段 color'],
  ])('explains a bad certificate in Chinese (%#)', (cert, expected) => {
    expect(problemOf([cert])).toContain(expected);
  });

  it('names the file and the problem when reading', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-data-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"certificates": [');
    await expect(loadSimulatorData(broken)).rejects.toThrow(`模拟平台数据文件 ${broken} 不是有效的 JSON`);
    await expect(loadSimulatorData(join(dir, 'absent.json'))).rejects.toThrow('文件不存在');
    const wrongShape = join(dir, 'shape.json');
    await writeFile(wrongShape, JSON.stringify({ people: [] }));
    await expect(loadSimulatorData(wrongShape)).rejects.toThrow(/certificates：缺失（必填）/);
  });
});

describe('platform field names', () => {
  it('are the first alias of each field in config/default.json', async () => {
    const config = JSON.parse(await readFile(DEFAULT_CONFIG_FILE, 'utf8')) as {
      lookup: { fieldAliases: Record<string, string[]> };
    };
    const firsts = Object.fromEntries(Object.entries(config.lookup.fieldAliases).map(([k, v]) => [k, v[0]]));
    expect(firsts).toEqual(PLATFORM_FIELDS);
  });
});
