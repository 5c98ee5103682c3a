/**
 * Database rows into the port's plain types (timestamps as ISO strings, absent columns as absent fields), and the
 * select list that produces a lead row.
 */
import type { LeadKind } from '../../domain/lead.js';
import type { VerdictStatus } from '../../domain/status.js';
import type { Row } from '../../sql/db.js';
import type { BureauRole, BureauUser, CaseEvent, CaseStatus, Enterprise, Lead } from './types.js';

/** The columns of a lead row, for `from leads l join enterprises e on e.id = l.enterprise_id`. */
export const LEAD_COLUMNS = `l.id, l.enterprise_id, e.name as enterprise_name, l.source_id, l.kind, l.status,
  l.id_number, l.name, l.item, l.evidence, l.found_at, l.received_at, l.case_status, l.updated_at, l.referred_at,
  l.withdrawn_at, l.withdraw_reason`;

/** An instant column as ISO text (drivers give a Date; text is passed through). */
export function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export function leadFromRow(r: Row): Lead {
  const lead: Lead = {
    id: Number(r.id),
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    sourceId: String(r.source_id),
    kind: r.kind as LeadKind,
    status: r.status as VerdictStatus,
    idNumber: String(r.id_number),
    evidence: r.evidence as Record<string, unknown>,
    foundAt: iso(r.found_at),
    receivedAt: iso(r.received_at),
    caseStatus: r.case_status as CaseStatus,
    updatedAt: iso(r.updated_at),
  };
  if (r.name !== null) lead.name = String(r.name);
  if (r.item !== null) lead.item = String(r.item);
  if (r.referred_at !== null) lead.referredAt = iso(r.referred_at);
  if (r.withdrawn_at !== null && r.withdrawn_at !== undefined)
    lead.withdrawn = { at: iso(r.withdrawn_at), reason: String(r.withdraw_reason ?? '') };
  return lead;
}

export function enterpriseFromRow(r: Row): Enterprise {
  return { id: Number(r.id), name: String(r.name), createdAt: iso(r.created_at) };
}

export function userFromRow(r: Row): BureauUser {
  const user: BureauUser = {
    id: Number(r.id),
    login: String(r.login),
    role: r.role as BureauRole,
    passwordHash: String(r.password_hash),
    createdAt: iso(r.created_at),
  };
  if (r.enterprise_id !== null) user.enterpriseId = Number(r.enterprise_id);
  return user;
}

export function eventFromRow(r: Row): CaseEvent {
  return {
    leadId: Number(r.lead_id),
    from: (r.from_status as CaseStatus | null) ?? null,
    to: r.to_status as CaseStatus,
    by: String(r.by_login),
    at: iso(r.at),
    note: String(r.note),
  };
}
