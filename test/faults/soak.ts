/**
 * The one switch of the fault suite: `CERT_VERIFY_SOAK=1` runs the long soaks (bigger rosters, longer bursts);
 * without it every fault test keeps to its quick size so `npm test` stays fast.
 */

/** Whether the long soak sizes were asked for. */
export function soaking(): boolean {
  return process.env.CERT_VERIFY_SOAK === '1';
}

/** `quick` normally, `soak` under CERT_VERIFY_SOAK=1. */
export function sized(quick: number, soak: number): number {
  return soaking() ? soak : quick;
}
