/**
 * The `cert-verify` command line: global flags and the commands, each registered from its own file.
 */
import { Command } from 'commander';
import { registerBatch } from './commands/batch.js';
import { registerBot } from './commands/bot.js';
import { registerBureau } from './commands/bureau.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerLeads } from './commands/leads.js';
import { registerLedger } from './commands/ledger.js';
import { registerNotify } from './commands/notify.js';
import { registerRemind } from './commands/remind.js';
import { registerSimulator } from './commands/simulator.js';
import { registerStore } from './commands/store.js';

/** Build the program; `out`/`err` let tests capture what it prints. */
export function buildProgram(): Command {
  const program = new Command('cert-verify')
    .description('核验特种作业操作证、安全生产知识和管理能力考核合格证（全国安全生产考试平台 cx.mem.gov.cn）')
    .option('--config <file>', '配置文件（JSON），覆盖 config/default.json')
    .option('--data-dir <dir>', '数据目录（缓存、登记库、问题记录）')
    .option('--lookup-url <url>', '查询平台地址（默认 https://cx.mem.gov.cn；离线演示时为模拟器地址）')
    .option('--today <date>', '按此日期判断证书状态（YYYY-MM-DD）')
    .option('--min-interval-ms <n>', '两次平台查询之间的最短间隔（毫秒）')
    .option('--captcha <solvers>', '验证码识别方式，逗号分隔：ocr,http,operator')
    .option('--json', '以 JSON 输出')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .showHelpAfterError(false);
  program.configureHelp({ showGlobalOptions: true });
  registerCheck(program);
  registerBatch(program);
  registerImport(program);
  registerExport(program);
  registerSimulator(program);
  registerBot(program);
  registerDemo(program);
  registerNotify(program);
  registerLedger(program);
  registerRemind(program);
  registerLeads(program);
  registerBureau(program);
  registerStore(program);
  return program;
}
