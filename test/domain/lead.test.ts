import { describe, expect, it } from 'vitest';
import { isLeadKind, LEAD_KIND_LABELS, LEAD_KINDS, leadKindFits, leadKindOf } from '../../src/domain/lead.js';

describe('leadKindOf', () => {
  it('makes a lead of a presented certificate not found and of a name that does not match', () => {
    for (const claim of ['photo', 'number', 'asked'] as const) {
      expect(leadKindOf({ status: 'not_found', claim, personType: 'special' })).toBe('fake_certificate');
      expect(leadKindOf({ status: 'name_mismatch', claim })).toBe('impersonation');
    }
  });

  it('makes no lead without a claim: a worker on a list is no accusation', () => {
    expect(leadKindOf({ status: 'not_found' })).toBeUndefined();
    expect(leadKindOf({ status: 'name_mismatch', personType: 'special' })).toBeUndefined();
  });

  it('asking about a manager presents no certificate; only a photo or a number does', () => {
    for (const personType of ['manager', 'principal'] as const) {
      expect(leadKindOf({ status: 'not_found', claim: 'asked', personType })).toBeUndefined();
      expect(leadKindOf({ status: 'not_found', claim: 'number', personType })).toBe('fake_certificate');
      expect(leadKindOf({ status: 'not_found', claim: 'photo', personType })).toBe('fake_certificate');
    }
  });

  it("a presented number that is none of the platform's is an altered card, whatever the status", () => {
    const numberMismatch = { presented: 'T999', platform: ['T110'] };
    expect(leadKindOf({ status: 'valid', claim: 'number', numberMismatch })).toBe('altered_card');
  });

  it("another authority's certificate is never a lead", () => {
    expect(leadKindOf({ status: 'other_authority', claim: 'asked' })).toBeUndefined();
    expect(leadKindFits('fake_certificate', 'other_authority')).toBe(false);
    expect(leadKindFits('altered_card', 'other_authority')).toBe(false);
  });

  it('makes no lead of the self-check findings', () => {
    for (const status of [
      'expired',
      'review_overdue',
      'item_mismatch',
      'invalid_id',
      'unverifiable',
    ] as const) {
      expect(leadKindOf({ status })).toBeUndefined();
    }
  });

  it("puts a photo's lead before the verdict's, even on a valid certificate", () => {
    expect(leadKindOf({ status: 'valid', photoLead: 'altered_card' })).toBe('altered_card');
    expect(leadKindOf({ status: 'not_found', photoLead: 'fake_platform' })).toBe('fake_platform');
  });

  it('knows its kinds and labels each one', () => {
    expect(isLeadKind('fake_platform')).toBe(true);
    expect(isLeadKind('expired')).toBe(false);
    expect(isLeadKind(undefined)).toBe(false);
    for (const kind of LEAD_KINDS) expect(LEAD_KIND_LABELS[kind]).toMatch(/\p{Script=Han}/u);
  });

  it('fits a verdict lead to its own status only, a photo lead to any', () => {
    expect(leadKindFits('fake_certificate', 'not_found')).toBe(true);
    expect(leadKindFits('fake_certificate', 'expired')).toBe(false);
    expect(leadKindFits('impersonation', 'name_mismatch')).toBe(true);
    expect(leadKindFits('impersonation', 'not_found')).toBe(false);
    expect(leadKindFits('altered_card', 'valid')).toBe(true);
    expect(leadKindFits('fake_platform', 'not_found')).toBe(true);
  });
});
