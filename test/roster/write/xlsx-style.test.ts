import { describe, expect, it } from 'vitest';
import { STATUS_FILL_ARGB } from '../../../src/roster/write/status-style.js';
import { cellStyle } from '../../../src/roster/write/xlsx-style.js';

describe('cellStyle', () => {
  it('gives cells that look alike the same style object, and different looks different ones', () => {
    const look = { bordered: true, alignment: { vertical: 'top' as const, wrapText: true } };
    expect(cellStyle({ ...look })).toBe(cellStyle({ ...look }));
    expect(cellStyle(look)).not.toBe(cellStyle({ ...look, text: true }));
    expect(cellStyle({ bordered: true, status: 'valid' })).not.toBe(
      cellStyle({ bordered: true, status: 'expired' }),
    );
  });

  it('builds each part of the look', () => {
    expect(cellStyle({ header: true })).toMatchObject({
      font: { bold: true },
      border: { top: { style: 'thin' }, bottom: { style: 'thin' } },
      fill: { type: 'pattern' },
    });
    expect(cellStyle({ bordered: true, text: true })).toMatchObject({
      numFmt: '@',
      border: { left: { style: 'thin' } },
    });
    expect(cellStyle({ bordered: true, status: 'not_found' }).fill).toMatchObject({
      fgColor: { argb: STATUS_FILL_ARGB.red },
    });
    expect(cellStyle({ font: { size: 14 } })).toEqual({ font: { size: 14 } });
  });

  it('is frozen, so a property set on one cell cannot restyle every cell sharing it', () => {
    const style = cellStyle({ bordered: true });
    expect(() => {
      (style as { fill?: unknown }).fill = { type: 'pattern' };
    }).toThrow(TypeError);
    expect(() => {
      (style.border?.top as { style?: string }).style = 'thick';
    }).toThrow(TypeError);
  });
});
