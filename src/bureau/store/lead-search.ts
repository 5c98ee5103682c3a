/**
 * What a staff member types in the lead list's search box, read into what to match: a masked ID as the bot
 * shows it (`110105********0135`), its visible ends (`110105`, `0135`), a whole ID number, or a name (matched
 * from its start, so `张` finds 张伟). Pure: the store turns the result into parameterised conditions.
 */

export type LeadSearch =
  | { by: 'id'; idNumber: string }
  | { by: 'ends'; first6?: string; last4?: string }
  | { by: 'name'; prefix: string }
  | { by: 'none' };

/** Read the search text (spaces and full-width asterisks tolerated; `x` read as the check character `X`). */
export function parseLeadSearch(text: string): LeadSearch {
  const s = text.replace(/\s+/g, '').replaceAll('＊', '*').toUpperCase();
  if (s === '') return { by: 'none' };
  if (/^\d{17}[\dX]$/.test(s)) return { by: 'id', idNumber: s };
  const masked = /^(\d{6})?\**(\d{3}[\dX])?$/.exec(s);
  const [, first6, last4] = masked ?? [];
  if (masked && (first6 !== undefined || last4 !== undefined)) {
    return { by: 'ends', ...(first6 && { first6 }), ...(last4 && { last4 }) };
  }
  return { by: 'name', prefix: text.trim() };
}

/** `text` escaped for a LIKE pattern with `\` as the escape character. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
