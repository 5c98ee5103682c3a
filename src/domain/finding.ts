/**
 * A finding: a verdict other than a plain `valid` (a review or expiry coming due included, and a valid one with a
 * concern), logged for the enterprise's self-check and the bureau's leads. Holds the full ID number: exports mask
 * it for non-admins.
 */
import type { Absence } from './absence.js';
import type { CertificateRecord, PersonType } from './certificate.js';
import type { PhotoLeadKind } from './lead.js';
import type { Claim, Requester } from './query.js';
import type { ReviewMode } from './rules.js';
import type { VerdictStatus } from './status.js';
import type { Concern, VerdictSource } from './verdict.js';

export interface Finding {
  id: string;
  status: VerdictStatus;
  idNumber: string;
  name?: string;
  item?: string;
  personType?: PersonType;
  requester: Requester;
  enterprise?: string;
  /** China calendar day of the first report (dedup key with person, enterprise and status). */
  day: string;
  firstAt: string;
  lastAt: string;
  /** How many times the same finding was reported that day. */
  count: number;
  reasons: string[];
  /** Set when a photo showed a fake lookup site or an altered card (see lead.ts); the verdict may still be valid. */
  photoLead?: PhotoLeadKind;
  /** What the asker presented (see query.ts): without it a verdict makes no lead. Absent on findings before it. */
  claim?: Claim;
  /** The certificate number presented, when it is none of the platform's numbers (an altered-card lead). */
  numberMismatch?: { presented: string; platform: string[] };
  /** `not_found`: what it meant for what was asked (no certificate, not yet assessed, presented and not found). */
  absence?: Absence;
  /** Facts beside the status that bear on the work (past retirement age …): a finding even on a valid verdict. */
  concerns?: Concern[];
  /** The deciding special-operations certificate's rule at expiry (`renewal`: 换领新证), as the verdict judged it. */
  expiryMode?: ReviewMode;
  evidence: {
    source?: VerdictSource;
    /** What the platform said, in words (e.g. 没有查询到相关证件信息). */
    platformSaid: string;
    answeredAt?: string;
    /** The certificates the answer showed, the one the verdict is about first. */
    certificates: CertificateRecord[];
    /** What was known before (a ledger's earlier verdict), when a re-check found the person no longer there. */
    before?: FindingBefore;
    /** What a photo showed (photo leads only): never the image itself unless `photo.keepImages` is on. */
    photo?: PhotoEvidence;
  };
}

/** The earlier answer a finding is set against: its status, when it was judged and on what certificates. */
export interface FindingBefore {
  status: VerdictStatus;
  judgedOn: string;
  answeredAt?: string;
  certificates: CertificateRecord[];
}

/** The evidence a photo leaves: its hash, its QR code, the fields where the card and the platform differ. */
export interface PhotoEvidence {
  /** sha256 of the image as sent, hex. */
  sha256: string;
  /** The QR code's text, defanged (no clickable link), and its host. */
  qrText?: string;
  qrHost?: string;
  /** Why the QR code or the card is suspicious, in words. */
  findings: string[];
  /** Card beside platform, the differing fields only. */
  differences: Array<{ label: string; card: string; platform?: string }>;
  /** The image kept in the data directory (`photo.keepImages`), its path relative to it. */
  imageFile?: string;
}
