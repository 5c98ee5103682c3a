/**
 * A query sent without a name (an ID alone, `T`+ID, a roster row without 姓名) gets the holder's name the bot
 * knows only when the asker may see that name (disclosure.ts); otherwise it stays without one and the asker is
 * asked for it. The name then comes from evidence or the asker's own ledger, never from another person's query.
 */
import { type Audience, maySeeHolder } from '../domain/disclosure.js';
import type { ParsedQuery } from '../domain/query.js';
import type { Pipeline } from './pipeline.js';

/** `query` with the known holder's name filled in when `audience` may see it. */
export async function withDisclosedName(
  query: ParsedQuery,
  pipeline: Pick<Pipeline, 'knownName'>,
  audience: Audience,
): Promise<ParsedQuery> {
  if (query.name || !query.valid) return query;
  const known = await pipeline.knownName(query.idNumber);
  return known && maySeeHolder(audience, known.heldBy) ? { ...query, name: known.name } : query;
}
