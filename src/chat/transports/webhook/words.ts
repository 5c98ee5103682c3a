/**
 * The Chinese sentences of the group-robot webhook (群机器人): what a person reads when a notice cannot go out.
 * The key itself never appears in any of them.
 */

export const webhookWords = {
  noKey:
    '没有配置群机器人：请把群机器人 Webhook 地址中 key= 后面的部分填到配置项 wecom.webhook.key（或用环境变量 CERT_VERIFY__wecom__webhook__key）',
  unknownGroup: (name: string, known: readonly string[]) =>
    known.length === 0
      ? `没有名为「${name}」的群：配置项 wecom.webhook.groups 里还没有任何群`
      : `没有名为「${name}」的群：配置项 wecom.webhook.groups 里有 ${known.join('、')}`,
  invalidKey: (errcode: number) =>
    `群机器人的 key 无效，或机器人已被移出群（企业微信错误码 ${errcode}）：请在群设置的“群机器人”里重新复制 Webhook 地址中的 key`,
  refused: (errcode: number, errmsg: string) =>
    `企业微信拒绝了这条群消息（错误码 ${errcode}：${errmsg.split(',')[0]}）`,
  tooFrequent: (tries: number) =>
    `企业微信连续 ${tries} 次答复“发送太频繁”（每个群机器人每分钟最多 20 条）：这条群消息没有发出，请稍后再试`,
  unreachable: (reason: string) => `无法连接企业微信（${reason}）：请检查网络，或配置项 wecom.apiBaseUrl`,
  unreadable: (status: number) => `企业微信返回了无法识别的内容（HTTP ${status}）`,
  fileSize: (bytes: number) => `文件大小为 ${bytes} 字节：群机器人只能发送 5 字节到 20 MB 的文件`,
  fullIdsInFile: (name: string) =>
    `文件「${name}」里有完整的身份证号，不能发到群里（群里人人可见）：请用 cert-verify export 类型 --masked 导出打码的报表再发送`,
  empty: '没有要发送的内容：请写出通知的文字，或用 --file 指定文件',
} as const;
