/**
 * The port every certificate source implements: the national platform client, the registry, the cache wrapper.
 * `lookup` resolves with a well-formed answer (possibly empty: nothing found) or rejects with a LookupError;
 * an empty answer is the only thing that may become `not_found`.
 */
import type { CertificateRecord, LookupAnswer, PersonType } from '../domain/certificate.js';

/**
 * Who waits for an answer, for the order of the platform's one narrow pipe: a person waiting in chat first, then
 * roster rows, then work nobody waits for (re-checks).
 */
export type LookupPriority = 'chat' | 'batch' | 'background';

export interface LookupRequest {
  /** Valid, normalised 18-character ID number. */
  idNumber: string;
  name: string;
  personType: PersonType;
  /** Default `chat`. */
  priority?: LookupPriority;
}

export interface CertificateLookup {
  lookup(request: LookupRequest, signal?: AbortSignal): Promise<LookupAnswer>;
}

/**
 * What the official QR scan said of a token: the certificate it opens, or its word that it knows none. Evidence,
 * never proof: a real QR code can be copied onto another card.
 */
export type ScanAnswer = { found: true; certificate: CertificateRecord } | { found: false; message: string };

/** The platform's QR scan (the token after the last `#` of an official QR code). */
export interface CertificateScan {
  scan(token: string, priority?: LookupPriority, signal?: AbortSignal): Promise<ScanAnswer>;
}
