/**
 * A finding as the lead the bureau receives, and the port the pipeline hands leads to: the verify layer knows
 * neither HTTP nor the outbox's file, only that a sink takes a lead and resolves once it is kept.
 */
import type { PersonType } from '../domain/certificate.js';
import type { Finding } from '../domain/finding.js';
import type { LeadReport } from '../domain/lead.js';
import { leadKindOf } from '../domain/lead.js';
import type { Requester } from '../domain/query.js';
import type { Verdict } from '../domain/verdict.js';

/** A new lead's query as the re-check asks it again (the lead's ID, name and item), and who asked. */
export interface LeadOrigin {
  /** China day of the finding: the re-check is due `rules.newCertificateDays` after it. */
  day: string;
  personType?: PersonType;
  requester: Requester;
}

/** Someone the platform now knows: the ID number, and the name it was asked under. */
export interface FoundPerson {
  idNumber: string;
  name?: string;
}

/** Where the pipeline puts each new lead (the bot's outbox); each method resolves once its change is durable. */
export interface LeadSink {
  /**
   * Take a new lead. A `fake_certificate` lead with its `origin` is held (待复核) until its re-check is due; any
   * other lead goes to the bureau at once (its evidence is in hand).
   */
  add(lead: LeadReport, origin?: LeadOrigin): Promise<unknown>;
  /**
   * The platform found a certificate for `person`: withdraw their `fake_certificate` leads — one not yet sent is
   * never sent, one sent is withdrawn at the bureau. Resolves with how many were withdrawn.
   */
  found(person: FoundPerson, reason: string, at: Date): Promise<number>;
  /**
   * Learn in one go which of these ID numbers (a roster's next rows) have a lead `found` could withdraw, so that
   * `found` needs no query of its own for the others. Only a speed-up.
   */
  prefetch?(idNumbers: readonly string[]): Promise<void>;
  /** Resolves once every lead added so far is durable. */
  flush(): Promise<void>;
}

/**
 * The lead `finding` makes, or undefined when it is no lead (see leadKindOf). The evidence is what the platform
 * said, its records and the reasons; who asked stays with the enterprise.
 */
export function leadFromFinding(finding: Finding): LeadReport | undefined {
  const kind = leadKindOf(finding);
  if (kind === undefined) return undefined;
  const lead: LeadReport = {
    id: finding.id,
    kind,
    status: finding.status,
    idNumber: finding.idNumber,
    evidence: { ...finding.evidence, reasons: finding.reasons },
    foundAt: finding.firstAt,
  };
  if (finding.name !== undefined) lead.name = finding.name;
  if (finding.item !== undefined) lead.item = finding.item;
  return lead;
}

/** The re-check origin of `finding`'s lead: its day, the kind asked and who asked. */
export function leadOriginOf(finding: Finding): LeadOrigin {
  return {
    day: finding.day,
    requester: finding.requester,
    ...(finding.personType !== undefined && { personType: finding.personType }),
  };
}

/** Why a lead is withdrawn when a later verification finds a certificate (sent to the bureau as `reason`). */
export const LEAD_WITHDRAWN_FOUND = '后续核验已在全国平台查到该人员的证书，先前未查到可能是新证尚未上网';

/**
 * Whether `verdict` shows the platform (or an official export) knows a certificate of the person asked about:
 * a current or past certificate under his ID and name. An older answer used while the platform is down, a
 * name that does not match and a failure show nothing.
 */
export function certificateFound(verdict: Verdict): boolean {
  if (verdict.source === 'stale-cache' || verdict.source === undefined) return false;
  if (verdict.status === 'name_mismatch' || verdict.status === 'invalid_id') return false;
  if (verdict.status === 'unverifiable' || verdict.status === 'not_found') return false;
  return verdict.certificates.length > 0 || verdict.history.length > 0;
}

/** The person a verdict is about. */
export function foundPerson(verdict: Verdict): FoundPerson {
  const { idNumber, name } = verdict.query;
  return name === undefined ? { idNumber } : { idNumber, name };
}
