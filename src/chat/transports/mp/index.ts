/** The WeChat service account (服务号) door. */
import { type MpConfig, type MpDeps, MpTransport } from './transport.js';

export { MpApiError } from './api.js';
export type { MpConfig, MpDeps, MpMode } from './transport.js';
export { MpTransport };

/** The service account transport for the `mp` config section. */
export function createMpTransport(config: MpConfig, deps: MpDeps): MpTransport {
  return new MpTransport(config, deps);
}
