/**
 * A finding as the lead the bureau receives, and the port the pipeline hands leads to: the verify layer knows
 * neither HTTP nor the outbox's file, only that a sink takes a lead and resolves once it is kept.
 */
import type { Finding } from '../domain/finding.js';
import type { LeadReport } from '../domain/lead.js';
import { leadKindOf } from '../domain/lead.js';

/** Where the pipeline puts each new lead (the bot's outbox); `add` resolves once the lead is durable. */
export interface LeadSink {
  add(lead: LeadReport): Promise<unknown>;
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
