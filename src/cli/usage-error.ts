/**
 * Usage errors: a one-line Chinese message on standard error and exit code 2.
 */
import { CommanderError } from 'commander';
import { CertVerifyError } from '../domain/errors.js';
import { isDiskFull } from '../store/store-fs.js';
import { outputDiskFullText } from '../store/store-words.js';

/** A mistake in how the command was called. */
export class UsageError extends Error {}

const COMMANDER_MESSAGES: Record<string, (e: CommanderError) => string> = {
  'commander.unknownOption': (e) => `未知的选项：${quoted(e.message)}。用 --help 查看用法`,
  'commander.unknownCommand': (e) => `未知的命令：${quoted(e.message)}。用 --help 查看用法`,
  'commander.missingArgument': (e) => `缺少参数：${quoted(e.message)}`,
  'commander.optionMissingArgument': (e) => `选项缺少取值：${quoted(e.message)}`,
  'commander.missingMandatoryOptionValue': (e) => `缺少必需的选项：${quoted(e.message)}`,
  'commander.excessArguments': () => '参数过多。用 --help 查看用法',
  'commander.invalidArgument': (e) => `参数无效：${e.message.replace(/^error: /, '')}`,
};

function quoted(message: string): string {
  return message.match(/'([^']+)'/)?.[1] ?? message.replace(/^error: /, '');
}

/** Exit code and one-line message for an error that ended the command. */
export function describeExit(error: unknown): { code: number; message?: string } {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
    ) {
      return { code: 0 };
    }
    const translate = COMMANDER_MESSAGES[error.code];
    return { code: 2, message: translate ? translate(error) : error.message.replace(/^error: /, '') };
  }
  if (error instanceof UsageError) return { code: 2, message: error.message };
  if (error instanceof CertVerifyError) {
    return { code: error.code === 'config' || error.code === 'bad_input' ? 2 : 1, message: error.message };
  }
  if (isDiskFull(error))
    return { code: 1, message: outputDiskFullText((error as NodeJS.ErrnoException).path) };
  return { code: 1, message: `出错了：${(error as Error)?.message ?? String(error)}` };
}
