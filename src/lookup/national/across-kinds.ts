/**
 * Asking about a person when the query does not say which certificate: each person type in turn, the first
 * with results wins. A failure is never "nothing found": when no type found anything and one failed, the
 * failure is what the caller gets.
 */
import { type LookupAnswer, PERSON_TYPES_IN_ORDER, type PersonType } from '../../domain/certificate.js';
import { LookupError } from '../../domain/errors.js';
import type { CertificateLookup } from '../port.js';

/** Who is asked about. */
export interface Person {
  idNumber: string;
  name: string;
}

/** The answer and the person type it came from (the first asked type when nothing was found). */
export interface KindAnswer {
  personType: PersonType;
  answer: LookupAnswer;
}

/** Look the person up as each person type in order; see the module comment for the failure rule. */
export async function lookupAcrossKinds(
  lookup: CertificateLookup,
  person: Person,
  personTypes: readonly PersonType[] = PERSON_TYPES_IN_ORDER,
  signal?: AbortSignal,
): Promise<KindAnswer> {
  const [first] = personTypes;
  if (first === undefined) throw new RangeError('lookupAcrossKinds needs at least one person type');
  let failure: LookupError | undefined;
  for (const personType of personTypes) {
    try {
      const answer = await lookup.lookup({ ...person, personType }, signal);
      if (answer.current.length > 0 || answer.history.length > 0) return { personType, answer };
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { personType: first, answer: { current: [], history: [] } };
}
