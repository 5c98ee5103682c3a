export { buildWechatyBot, createWechatyTransport } from './wechaty-bot.js';
export {
  CertVerifyBot,
  isOwnMessage,
  isStale,
  type PluginConfig,
  sendOnWechaty,
  shouldAnswerInRoom,
  toChatInput,
  WechatyTransport,
} from './wechaty-plugin.js';
