import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config/load.js';
import { classifyCertificate } from '../../src/domain/classify.js';
import { sexOfId, validateIdNumber } from '../../src/domain/id-number.js';
import { CERT_STATUS_RANK } from '../../src/domain/status.js';
import { loadSimulatorData } from '../../src/simulator/data.js';

const TODAY = '2026-11-24';
const dir = join(PROJECT_ROOT, 'data', 'samples');
const data = await loadSimulatorData(join(dir, 'people.json'));
const readme = await readFile(join(dir, 'README.md'), 'utf8');
const rules = loadConfig({ env: {} }).rules;

/** `| n | name | id | … | \`status\` | note |` rows of the README table. */
const rows = [...readme.matchAll(/^\| \d+ \| (\S+) \| (\d{17}[\dX]) \| .* \| `(\w+)` \|/gm)].map((m) => ({
  name: m[1] as string,
  id: m[2] as string,
  status: m[3] as string,
}));

describe('data/samples/people.json', () => {
  it('has about 30 people, each in the README table', () => {
    const ids = new Set(data.certificates.map((c) => c.idNumber));
    expect(ids.size).toBeGreaterThanOrEqual(28);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('uses checksum-valid IDs whose sex digit matches the record, and T + ID for special certificates', () => {
    for (const c of data.certificates) {
      expect(validateIdNumber(c.idNumber, TODAY).reasons, c.idNumber).toEqual([]);
      expect(sexOfId(c.idNumber)).toBe(c.sex);
      if (c.kind === 'special') expect(c.certNumber).toBe(`T${c.idNumber}`);
      else expect(['主要负责人', '安全生产管理人员']).toContain(c.role);
    }
  });

  it.each(rows)('$name is $status on 2026-11-24 (best current certificate)', ({ id, name, status }) => {
    const current = data.certificates.filter((c) => c.idNumber === id && !c.history);
    expect(current.every((c) => c.name === name)).toBe(true);
    const ranks = current.map((c) => CERT_STATUS_RANK.indexOf(classifyCertificate(c, TODAY, rules).status));
    expect(CERT_STATUS_RANK[Math.min(...ranks)]).toBe(status);
  });

  it('covers every certificate status, both kinds, history and a duplicate card', () => {
    // review_due cannot occur on 2026-11-24: a review due from 2026-06-01 on is no longer required.
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(CERT_STATUS_RANK.filter((s) => s !== 'review_due')),
    );
    expect(new Set(data.certificates.map((c) => c.role ?? c.kind))).toEqual(
      new Set(['special', '主要负责人', '安全生产管理人员']),
    );
    expect(data.certificates.some((c) => c.history)).toBe(true);
    const keys = data.certificates.map((c) => JSON.stringify(c));
    expect(new Set(keys).size).toBe(keys.length - 1);
  });

  it('lists not-found IDs that are valid but absent', () => {
    const section = readme.slice(readme.indexOf('## 不在库中的号码'));
    const ids = [...section.matchAll(/^- (\d{17}[\dX])/gm)].map((m) => m[1] as string);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) {
      expect(validateIdNumber(id, TODAY).valid).toBe(true);
      expect(data.certificates.some((c) => c.idNumber === id)).toBe(false);
    }
  });
});
