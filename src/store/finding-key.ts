/**
 * When two reports are the same finding (counted, not repeated): the findings table's unique key, and the file
 * store's index that `store migrate` reads findings.json and findings.jsonl with.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../domain/finding.js';

/**
 * Findings are the same when ID, name, enterprise, status and day agree — a different name given for the same ID
 * is another claim, its own finding — and for a photo's lead also the lead and the photo: a photo's lead is a
 * finding of its own beside the verdict's (its status may even be `valid`, when an altered card names a valid
 * certificate), and another photo of the same person is other evidence. A presented number that is not the
 * platform's is likewise its own finding, per number.
 */
export function dedupKey(
  finding: Pick<
    Finding,
    'idNumber' | 'name' | 'enterprise' | 'status' | 'photoLead' | 'numberMismatch' | 'evidence'
  >,
  day: string,
): string {
  const { idNumber, enterprise, status, photoLead, numberMismatch } = finding;
  const photo = photoLead ? `|${photoLead}|${finding.evidence.photo?.sha256 ?? ''}` : '';
  const number = numberMismatch ? `|number|${numberMismatch.presented}` : '';
  return `${idNumber}|${finding.name ?? ''}|${enterprise ?? ''}|${status}|${day}${photo}${number}`;
}

/** The dedup key as the database keeps it: a sha256, hex (fixed length, no full ID number, no stray characters). */
export function storedDedupKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
