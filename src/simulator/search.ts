/**
 * The platform's search: certificates of the asked kind whose ID number AND name match, current ones first,
 * then history, in data-file order (so a duplicate card appears only when the data file holds one).
 */
import type { SimCertificate, SimulatorData } from './data.js';
import { type PlatformRecord, toPlatformRecord } from './platform-fields.js';

/** Who the platform is asked about, by its `personTypeCode`. */
export const PERSON_TYPE_CODES = {
  '03': (c: SimCertificate) => c.kind === 'special',
  '02': (c: SimCertificate) => c.kind === 'safety' && c.role === '安全生产管理人员',
  '01': (c: SimCertificate) => c.kind === 'safety' && c.role === '主要负责人',
} as const;

export type PersonTypeCode = keyof typeof PERSON_TYPE_CODES;

/** Whether a `personTypeCode` parameter is one the platform knows. */
export function isPersonTypeCode(code: string): code is PersonTypeCode {
  return Object.hasOwn(PERSON_TYPE_CODES, code);
}

/** The records the platform answers for one query. */
export function searchCertificates(
  data: SimulatorData,
  idNumber: string,
  name: string,
  code: PersonTypeCode,
): PlatformRecord[] {
  const id = idNumber.trim().toUpperCase();
  const who = name.trim();
  const matches = data.certificates.filter(
    (c) => c.idNumber === id && c.name === who && PERSON_TYPE_CODES[code](c),
  );
  return [
    ...matches.filter((c) => !c.history).map((c) => toPlatformRecord(c, false)),
    ...matches.filter((c) => c.history).map((c) => toPlatformRecord(c, true)),
  ];
}
