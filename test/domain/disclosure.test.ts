import { describe, expect, it } from 'vitest';
import { maySeeHolder, STRANGER } from '../../src/domain/disclosure.js';

describe('maySeeHolder', () => {
  it('admins and the enterprises holding the person only', () => {
    expect(maySeeHolder({ admin: true }, [])).toBe(true);
    expect(maySeeHolder({ admin: false, enterprise: '甲公司' }, ['甲公司'])).toBe(true);
    expect(maySeeHolder({ admin: false, enterprise: '乙公司' }, ['甲公司'])).toBe(false);
    expect(maySeeHolder({ admin: false, enterprise: '甲公司' }, undefined)).toBe(false);
    expect(maySeeHolder(STRANGER, ['甲公司'])).toBe(false);
  });
});
