/**
 * `cert-verify demo` (`npm run demo`): the offline demo. Starts the simulator with the sample people on
 * loopback and the console bot against it — no WeChat account, no network; a sample photo of a card can be sent
 * with `/file`. It runs as of the date the sample
 * data was designed for, and keeps its files in data/demo/, unless --today / --data-dir say otherwise.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../../config/load.js';
import { setLogLevel } from '../../util/logger.js';
import { type CliContext, contextFrom, type GlobalFlags } from '../context.js';
import { runBot } from './bot.js';
import { DEFAULT_SIMULATOR_DATA } from './simulator.js';

/** A sample photo the demo offers to send: an altered card (data/samples/photos/photos.json says what it shows). */
export const DEMO_PHOTO = resolve(PROJECT_ROOT, 'data', 'samples', 'photos', 'card-altered.jpg');

/** The date the sample data's statuses were designed for (data/samples/README.md). */
export const DEMO_TODAY = '2026-11-24';

/** Register `demo` on the program. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('离线演示：在本机启动模拟平台（样例数据）并在终端里与机器人对话，无需微信账号和网络')
    .action(async (_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<GlobalFlags>();
      const base = contextFrom(command);
      // The terminal is the demo's screen: only warnings and errors from the logs, unless asked for more.
      if (base.config.log.level === 'info') setLogLevel('warn');
      const { loadSimulatorData, startSimulator } = await import('../../simulator/server.js');
      const data = await loadSimulatorData(DEFAULT_SIMULATOR_DATA);
      const simulator = await startSimulator({ data, captcha: 'easy', limits: base.config.http });
      const today = flags.today ?? DEMO_TODAY;
      const ctx: CliContext = {
        ...base,
        today,
        config: {
          ...base.config,
          today,
          dataDir: flags.dataDir ? base.config.dataDir : resolve(PROJECT_ROOT, 'data', 'demo'),
          lookup: { ...base.config.lookup, baseUrl: simulator.url, minIntervalMs: 0 },
        },
      };
      process.stdout.write(
        [
          `离线演示：模拟平台 ${simulator.url}（${data.certificates.length} 条样例证书），按 ${today} 判断证书状态。`,
          '每行一条消息，例如：张伟 110105198503120135　或　刘洋 330106198804210174 登高架设　或　帮助',
          `发送证件照片：/file ${relative(process.cwd(), DEMO_PHOTO)}（一张有效期被改过的证；data/samples/photos/ 里还有别的样例照片）`,
          '样例人员见 data/samples/README.md；Ctrl-D 结束。',
          '',
        ].join('\n'),
      );
      try {
        await runBot(ctx, ['console']);
      } finally {
        await simulator.close();
      }
    });
}
