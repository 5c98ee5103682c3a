/**
 * What a finding is a lead of, for the bureau: a presented certificate the platform does not know, a real
 * certificate presented under another name, a QR code that opens a look-alike lookup site, a card whose printed
 * fields or number differ from the platform's record. An accusation needs a claim: a worker on a list with nothing
 * presented, a manager asked about, a certificate of another authority make no lead; nor do the enterprise's own
 * problems (expired, overdue, wrong item).
 */
import { presentsCertificate } from './absence.js';
import type { Finding } from './finding.js';
import { assertNever, type VerdictStatus } from './status.js';

/** The kinds of lead, stable and machine-readable (the bureau's API takes them as `kind`). */
export const LEAD_KINDS = ['fake_certificate', 'impersonation', 'fake_platform', 'altered_card'] as const;

export type LeadKind = (typeof LEAD_KINDS)[number];

/** The leads only a photo can show; the photo flow sets one on its finding. */
export type PhotoLeadKind = Extract<LeadKind, 'fake_platform' | 'altered_card'>;

/** How each kind reads in reports and on the bureau's pages. */
export const LEAD_KIND_LABELS: Record<LeadKind, string> = {
  fake_certificate: '疑似假证',
  impersonation: '疑似冒用',
  fake_platform: '假冒查询网站',
  altered_card: '疑似涂改证件',
};

/**
 * The lead `finding` makes, or undefined when it is no lead. A photo's lead comes before the verdict's, then a
 * presented number that is not the platform's; a verdict's own lead needs a presented certificate.
 */
export function leadKindOf(
  finding: Pick<Finding, 'status' | 'photoLead' | 'claim' | 'personType' | 'numberMismatch'>,
): LeadKind | undefined {
  if (finding.photoLead) return finding.photoLead;
  if (finding.numberMismatch) return 'altered_card';
  if (!presentsCertificate(finding)) return undefined;
  if (finding.status === 'not_found') return 'fake_certificate';
  if (finding.status === 'name_mismatch') return 'impersonation';
  return undefined;
}

/** Whether `kind` is a lead a photo shows (it may come with any verdict status). */
export function isPhotoLeadKind(kind: LeadKind): kind is PhotoLeadKind {
  return kind === 'fake_platform' || kind === 'altered_card';
}

/**
 * Whether a lead of `kind` can have `status`: a verdict's lead only its own status, an altered card or a fake
 * lookup site any status a certificate can have (the card may name a valid one), never one without.
 */
export function leadKindFits(kind: LeadKind, status: VerdictStatus): boolean {
  switch (kind) {
    case 'fake_certificate':
      return status === 'not_found';
    case 'impersonation':
      return status === 'name_mismatch';
    case 'fake_platform':
    case 'altered_card':
      return status !== 'invalid_id' && status !== 'other_authority';
    default:
      return assertNever(kind);
  }
}

/** Whether `value` is one of the lead kinds (for input from outside: the bureau's API, a config file). */
export function isLeadKind(value: unknown): value is LeadKind {
  return typeof value === 'string' && (LEAD_KINDS as readonly string[]).includes(value);
}

/** A lead as a bot reports it and the bureau's intake API takes it (`POST /api/v1/leads`). */
export interface LeadReport {
  /** The bot's finding id: with the enterprise, the idempotency key. */
  id: string;
  kind: LeadKind;
  status: VerdictStatus;
  idNumber: string;
  name?: string;
  item?: string;
  /** JSON evidence (platform answer, QR text, differing fields, image hash), size-limited by intake. */
  evidence: Record<string, unknown>;
  /** ISO time the bot found it. */
  foundAt: string;
}
