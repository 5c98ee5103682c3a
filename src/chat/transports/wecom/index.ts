/** The WeCom intelligent robot door (long connection). */
export {
  createWecomTransport,
  WECOM_SEND_LIMITS,
  type WecomBotSettings,
  WecomTransport,
  type WecomTransportDeps,
} from './transport.js';
