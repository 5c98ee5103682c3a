/**
 * Turn a verdict that is not acceptable into the finding the log keeps: the query, who asked, and the evidence
 * in words (what the platform said and when).
 */
import type { FindingBefore } from '../domain/finding.js';
import { platformAnswerText } from '../domain/platform-answer.js';
import type { Requester } from '../domain/query.js';
import { type Verdict, verdictRecords } from '../domain/verdict.js';
import type { FindingInput } from '../store/findings-log.js';

/** The finding for `verdict`, reported by `requester`; `before`: the earlier answer it is set against. */
export function findingFromVerdict(
  verdict: Verdict,
  requester: Requester,
  before?: FindingBefore,
): FindingInput {
  const { query } = verdict;
  const input: FindingInput = {
    status: verdict.status,
    idNumber: query.idNumber,
    day: verdict.today,
    requester,
    reasons: [...verdict.reasons, ...verdict.warnings],
    evidence: {
      platformSaid: platformAnswerText(verdict),
      certificates: verdictRecords(verdict),
    },
  };
  if (query.name !== undefined) input.name = query.name;
  if (query.item !== undefined) input.item = query.item;
  const personType = verdict.personType ?? query.personType;
  if (personType !== undefined) input.personType = personType;
  if (requester.enterprise !== undefined) input.enterprise = requester.enterprise;
  if (query.claim !== undefined) input.claim = query.claim;
  if (verdict.numberMismatch !== undefined) input.numberMismatch = verdict.numberMismatch;
  if (verdict.absence !== undefined) input.absence = verdict.absence;
  if (verdict.concerns !== undefined && verdict.concerns.length > 0)
    input.concerns = verdict.concerns.map((c) => c.concern);
  if (verdict.best?.expiryMode !== undefined) input.expiryMode = verdict.best.expiryMode;
  if (verdict.source !== undefined) input.evidence.source = verdict.source;
  if (verdict.evidenceAt !== undefined) input.evidence.answeredAt = verdict.evidenceAt;
  if (before !== undefined) input.evidence.before = before;
  return input;
}
