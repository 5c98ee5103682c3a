/**
 * The WeCom intelligent robot door (long connection). Wiring: `createWecomTransport(config.wecom.bot)` when
 * `config.wecom.bot.botId` is set; hand it to the host like any `ChatTransport`. Its `sendLimits` are
 * `WECOM_SEND_LIMITS`; the inputs it makes carry `via` ({ chattype, chatid, frame }) which must travel into the
 * reply address (`replyAddress` copies it) and be kept with queued answers.
 */
export {
  createWecomTransport,
  PROACTIVE_INTERVAL_MS,
  WECOM_SEND_LIMITS,
  type WecomBotSettings,
  WecomTransport,
  type WecomTransportDeps,
} from './transport.js';
