/**
 * `cert-verify simulator`: run the stand-in for the national platform on 127.0.0.1 (offline demo, manual tests)
 * until Ctrl-C / SIGTERM, with the captcha noise and faults chosen by flags.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, PROJECT_ROOT } from '../../config/load.js';
import type { CaptchaLevel } from '../../simulator/captcha-image.js';
import { faultSettingProblems } from '../../simulator/faults.js';
import type { RunningSimulator, SimulatorOptions } from '../../simulator/server.js';
import type { ServerLimits } from '../../util/http-server.js';
import type { GlobalFlags } from '../context.js';
import { UsageError } from '../usage-error.js';

/** The data file used when `--data` is not given. */
export const DEFAULT_SIMULATOR_DATA = resolve(PROJECT_ROOT, 'data', 'samples', 'people.json');

/** The flags as commander hands them over (strings). */
export interface SimulatorFlags {
  port: string;
  data?: string;
  captcha: string;
  latency?: string;
  failRate?: string;
  hangRate?: string;
  rateLimit?: string;
  garbageRate?: string;
  captchaRejectRate?: string;
  seed?: string;
}

const LEVELS: readonly CaptchaLevel[] = ['easy', 'noisy', 'off'];

function number(flag: string, text: string | undefined, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} 应为${integer ? '整数' : '数字'}，收到「${text}」`);
  }
  return value;
}

/** Turn the flags into simulator options (without the data); throws UsageError with a Chinese one-liner. */
export function simulatorOptionsFrom(
  flags: SimulatorFlags,
): Omit<SimulatorOptions, 'data'> & { dataFile: string } {
  const port = number('--port', flags.port, true) as number;
  if (port < 0 || port > 65_535) throw new UsageError(`--port 应在 0 到 65535 之间，收到 ${port}`);
  if (!LEVELS.includes(flags.captcha as CaptchaLevel)) {
    throw new UsageError(`--captcha 应为 ${LEVELS.join('、')} 之一，收到「${flags.captcha}」`);
  }
  const options = {
    dataFile: resolve(flags.data ?? DEFAULT_SIMULATOR_DATA),
    port,
    captcha: flags.captcha as CaptchaLevel,
    latencyMs: number('--latency', flags.latency),
    failRate: number('--fail-rate', flags.failRate),
    hangRate: number('--hang-rate', flags.hangRate),
    rateLimit: number('--rate-limit', flags.rateLimit, true),
    garbageRate: number('--garbage-rate', flags.garbageRate),
    captchaRejectRate: number('--captcha-reject-rate', flags.captchaRejectRate),
    seed: number('--seed', flags.seed, true),
  };
  const [problem] = faultSettingProblems(options);
  if (problem) throw new UsageError(problem);
  return options;
}

/**
 * Start the simulator from flags (its server bounded by `limits`, the `http.*` settings), print the one ready
 * line, and close it when `stopped` settles.
 */
export async function serveSimulator(
  flags: SimulatorFlags,
  stopped: Promise<unknown>,
  print: (line: string) => void,
  limits?: ServerLimits,
): Promise<RunningSimulator> {
  const { dataFile, ...options } = simulatorOptionsFrom(flags);
  // Loaded here: the server draws captchas with sharp, which no other command needs to load.
  const { loadSimulatorData, startSimulator } = await import('../../simulator/server.js');
  const data = await loadSimulatorData(dataFile);
  const sim = await startSimulator({ ...options, data, limits });
  print(`模拟平台已启动：${sim.url} （${data.certificates.length} 条证书）`);
  await stopped;
  await sim.close();
  return sim;
}

/** Register `simulator` on the program. */
export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .description('在本机启动模拟的全国安全生产考试查询平台（离线演示与测试用），Ctrl-C 停止')
    .option('--port <n>', '监听端口（0 = 随机空闲端口）', '8123')
    .option('--data <file>', '证书数据文件（JSON，默认 data/samples/people.json）')
    .option('--captcha <level>', '验证码图片的干扰程度：easy、noisy 或 off', 'easy')
    .option('--latency <ms>', '每个应答额外延迟（毫秒）')
    .option('--fail-rate <r>', '返回 HTTP 500/502/503 的请求比例（0 到 1）')
    .option('--hang-rate <r>', '永不应答的请求比例（0 到 1）')
    .option('--rate-limit <n>', '每分钟最多允许的查询次数，超出返回 403 拦截页')
    .option('--garbage-rate <r>', '返回残缺 JSON 的应答比例（0 到 1）')
    .option('--captcha-reject-rate <r>', '正确验证码仍被判为错误的比例（0 到 1，模拟识别失误）')
    .option('--seed <n>', '随机种子（同一种子重现同样的故障与验证码）')
    .action(async (local: SimulatorFlags, command: Command) => {
      // The program's own `--captcha <solvers>` swallows `--captcha` written after the command name.
      const flags = {
        ...local,
        captcha: command.parent?.opts<{ captcha?: string }>().captcha ?? local.captcha,
      };
      const stopped = new Promise<string>((done) => {
        process.once('SIGINT', () => done('SIGINT'));
        process.once('SIGTERM', () => done('SIGTERM'));
      });
      // The settings file and environment only (the program's flags say nothing the simulator needs).
      const config = loadConfig({
        file: command.optsWithGlobals<GlobalFlags>().config,
        baseDir: process.cwd(),
      });
      await serveSimulator(flags, stopped, (line) => process.stdout.write(`${line}\n`), config.http);
      process.stdout.write('模拟平台已停止\n');
    });
}
