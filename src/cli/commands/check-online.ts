import { createServices } from '../../app/services.js';
import { verdictReply } from '../../chat/core/replies.js';
import type { CertificateRecord } from '../../domain/certificate.js';
import { maskId } from '../../domain/mask.js';
import type { ParsedQuery } from '../../domain/query.js';
import type { Verdict } from '../../domain/verdict.js';
import { withDisclosedName } from '../../verify/known-name.js';
import { type CliContext, cliRequester } from '../context.js';

/** A certificate as `--json` prints it: the record without the holder's ID number. */
type PrintedRecord = Omit<CertificateRecord, 'idNumber'> & { status?: string };

/** Look the queries up and print one result per query, in input order. */
export async function printOnlineResults(
  queries: readonly ParsedQuery[],
  context: CliContext,
  notice?: string,
  enterprise?: string,
) {
  const app = await createServices(context);
  try {
    const requester = cliRequester(enterprise);
    const verdicts: Verdict[] = [];
    // The operator at the CLI holds the data directory: an admin, who may see the names it knows.
    for (const query of queries) {
      const named = await withDisclosedName(query, app.pipeline, { admin: true });
      verdicts.push(await app.pipeline.verify(named, { requester, today: context.today }));
    }
    if (context.json) {
      process.stdout.write(`${JSON.stringify({ results: verdicts.map(verdictJson) })}\n`);
      if (notice !== undefined) process.stderr.write(`${notice}\n`);
      return;
    }
    const style = { maskIds: true, audience: { admin: true } };
    const blocks = verdicts.map((v, i) => `${i + 1}. ${verdictReply(v, style)}`);
    if (notice !== undefined) blocks.push(notice);
    process.stdout.write(`${blocks.join('\n\n')}\n`);
  } finally {
    await app.close();
  }
}

/** One verdict for `--json`: status word, why, where from, and every certificate. */
export function verdictJson(v: Verdict) {
  return {
    input: v.query.input,
    valid: v.query.valid,
    maskedId: maskId(v.query.idNumber),
    name: v.query.name ?? null,
    item: v.query.item ?? null,
    status: v.status,
    reasons: v.reasons,
    warnings: v.warnings,
    source: v.source ?? null,
    evidenceAt: v.evidenceAt ?? null,
    personType: v.personType ?? null,
    today: v.today,
    certificates: v.certificates.map((c) => ({ ...printed(c.record), status: c.status })),
    history: v.history.map(printed),
  };
}

function printed(record: CertificateRecord): PrintedRecord {
  const { idNumber, ...rest } = record;
  return rest.certNumber?.includes(idNumber) ? { ...rest, certNumber: `T${maskId(idNumber)}` } : rest;
}
