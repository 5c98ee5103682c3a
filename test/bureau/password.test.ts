import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/bureau/auth/password.js';

describe('console passwords', () => {
  it('checks a password against its hash, and no other', async () => {
    const stored = await hashPassword('安监局-值班-2026');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored).not.toContain('2026');
    expect(await verifyPassword('安监局-值班-2026', stored)).toBe(true);
    expect(await verifyPassword('安监局-值班-2025', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuses malformed and over-costly stored forms without throwing', async () => {
    const stored = await hashPassword('correct horse');
    const [, , r, p, salt, hash] = stored.split('$');
    expect(await verifyPassword('correct horse', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse', stored.replace('scrypt', 'md5'))).toBe(false);
    expect(await verifyPassword('correct horse', ['scrypt', 2 ** 24, r, p, salt, hash].join('$'))).toBe(
      false,
    );
    expect(await verifyPassword('correct horse', ['scrypt', 'x', r, p, salt, hash].join('$'))).toBe(false);
    expect(await verifyPassword('correct horse', ['scrypt', 2 ** 15, r, p, salt, 'short'].join('$'))).toBe(
      false,
    );
  });
});
