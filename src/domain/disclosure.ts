/**
 * Who may learn whose ID number it is. The national platform answers only when an ID and its name match and
 * never says whose number it is; the bot must not be weaker. A holder's name known to the bot (and a certificate
 * found for an ID alone) is shown only to admins and to the enterprises whose own ledger or import holds the
 * person; everyone else is asked for the name, and a mismatch does not say the registered name.
 */

/** Who reads an answer. */
export interface Audience {
  admin: boolean;
  /** The enterprise the reader speaks for (config.chat.enterprises), if any. */
  enterprise?: string;
}

/** Nobody in particular: sees no name it did not give. */
export const STRANGER: Audience = { admin: false };

/** Whether `audience` may see the holder of an ID held by the enterprises `heldBy`. */
export function maySeeHolder(audience: Audience, heldBy: readonly string[] | undefined): boolean {
  if (audience.admin) return true;
  return audience.enterprise !== undefined && (heldBy ?? []).includes(audience.enterprise);
}
