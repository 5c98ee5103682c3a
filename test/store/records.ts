/** Sample certificate records and answers for the store tests. */
import type { CertificateRecord, LookupAnswer } from '../../src/domain/certificate.js';

/** A special-operations certificate of `idNumber`. */
export function certificate(idNumber: string, overrides: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    kind: 'special',
    idNumber,
    name: '张三',
    certNumber: `T${idNumber}`,
    category: '电工作业',
    item: '低压电工作业',
    validFrom: '2022-03-01',
    validUntil: '2028-03-01',
    reviewDue: '2025-03-01',
    ...overrides,
  };
}

/** An answer holding one current certificate. */
export function foundAnswer(idNumber: string): LookupAnswer {
  return { current: [certificate(idNumber)], history: [] };
}

/** The well-formed "nothing found" answer. */
export const EMPTY_ANSWER: LookupAnswer = { current: [], history: [] };
