import { describe, expect, it } from 'vitest';
import { officialQrText, simulatedQrToken } from '../../src/simulator/qr-token.js';

describe('simulatedQrToken', () => {
  it('gives each certificate its own stable token', () => {
    const a = simulatedQrToken({
      kind: 'special',
      idNumber: '110105198503120135',
      certNumber: 'T110105198503120135',
    });
    expect(a).toMatch(/^[0-9A-F]{32}$/);
    expect(
      simulatedQrToken({
        kind: 'special',
        idNumber: '110105198503120135',
        certNumber: 'T110105198503120135',
      }),
    ).toBe(a);
    expect(
      simulatedQrToken({ kind: 'safety', idNumber: '110105198503120135', certNumber: 'T110105198503120135' }),
    ).not.toBe(a);
    expect(simulatedQrToken({ kind: 'special', idNumber: '110105198503120135' })).not.toBe(a);
  });

  it('puts the token after the last # of an official URL', () => {
    const text = officialQrText('ABC123');
    expect(new URL(text).host).toBe('wxcx.mem.gov.cn');
    expect(text.slice(text.lastIndexOf('#') + 1)).toBe('ABC123');
  });
});
