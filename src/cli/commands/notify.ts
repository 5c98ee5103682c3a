/**
 * `cert-verify notify TEXT… [--markdown] [--file PATH] [--group NAME]`: push a notice to a WeCom group through
 * its group robot (群机器人, `wecom.webhook.key`, or one of `wecom.webhook.groups`). ID numbers are masked.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { type GroupNotice, notifierFromSettings } from '../../chat/transports/webhook/index.js';
import { webhookWords } from '../../chat/transports/webhook/words.js';
import { InputError } from '../../domain/errors.js';
import { contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';

interface NotifyOptions {
  markdown?: boolean;
  file?: string;
  group?: string;
}

/** Register `notify` on the program. */
export function registerNotify(program: Command): void {
  program
    .command('notify')
    .description('通过企业微信群机器人向群里发送通知（文字、markdown 或文件）；身份证号一律打码')
    .argument('[text...]', '通知的文字（多段以空格连接）')
    .option('--markdown', '按 markdown 发送文字')
    .option('--file <path>', '发送这个文件（5 字节到 20 MB）；有文字时先发文字')
    .option('--group <name>', '发到 wecom.webhook.groups 里的这个群（默认 wecom.webhook.key 的群）')
    .action(async (words: string[], options: NotifyOptions, command: Command) => {
      const text = words.join(' ').trim();
      if (text === '' && options.file === undefined) throw new UsageError(webhookWords.empty);
      if (options.markdown && text === '') throw new UsageError(webhookWords.empty);
      const ctx = contextFrom(command);
      const notifier = notifierFromSettings(ctx.config.wecom, options.group);
      const notices: GroupNotice[] = [];
      if (text !== '') notices.push(options.markdown ? { markdown: text } : text);
      if (options.file !== undefined) notices.push({ file: await readNamedFile(options.file) });
      for (const notice of notices) await notifier.notify(notice);
      process.stdout.write(`已发送到群（${notices.length} 条通知）\n`);
    });
}

async function readNamedFile(path: string): Promise<{ name: string; data: Uint8Array }> {
  try {
    return { name: basename(path), data: await readFile(path) };
  } catch (error) {
    throw new InputError(`无法读取文件 ${basename(path)}：${(error as NodeJS.ErrnoException).code ?? ''}`);
  }
}
