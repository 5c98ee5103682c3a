/**
 * What a roster sent in chat comes back as: the annotated roster and, beside it, its 自查自改问题清单 (xlsx), named
 * after the roster so the two belong together.
 */
import { basename, extname } from 'node:path';
import type { Requester } from '../../domain/query.js';
import type { BatchResult } from '../types.js';
import { writeAnnotatedRoster } from './annotated.js';
import { renderXlsx } from './render-xlsx.js';
import { type EnterpriseProfile, type LedgerByClass, rowsFromBatch } from './report-rows.js';
import { buildReport, reportName } from './reports.js';

/** A file to send back. */
export interface BatchPaper {
  name: string;
  bytes: Buffer;
}

export interface BatchPaperOptions {
  /** The roster's file name as sent. */
  fileName: string;
  /** Full ID numbers (admins); masked otherwise. */
  fullIds: boolean;
  requester?: Requester;
  /** What the settings and the ledger state of the requester's enterprise (责任人 …). */
  profile?: EnterpriseProfile;
  ledger?: LedgerByClass;
}

/** The annotated roster and its problem list, in that order. */
export async function batchPapers(result: BatchResult, options: BatchPaperOptions): Promise<BatchPaper[]> {
  const stem = basename(options.fileName, extname(options.fileName));
  const input = rowsFromBatch(result, options.requester);
  if (options.profile) input.profile = options.profile;
  if (options.ledger) input.ledger = options.ledger;
  const problems = buildReport('problems', input, { fullIds: options.fullIds });
  return [
    {
      name: `${stem}.核验结果.xlsx`,
      bytes: await writeAnnotatedRoster(result, { fullIds: options.fullIds }),
    },
    {
      name: `${stem}.${reportName('problems')}.xlsx`,
      bytes: await renderXlsx(problems, reportName('problems')),
    },
  ];
}
