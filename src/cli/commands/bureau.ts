/**
 * `cert-verify bureau …`: the bureau's service. `serve` runs the intake API (and the console) until Ctrl-C /
 * SIGTERM; `enterprise add NAME` issues an enterprise's token (shown once); `user add LOGIN --role …` adds a
 * console user with a password read from standard input; `report progress` writes the monthly statistics
 * (bureau-report.ts).
 */
import type { Command } from 'commander';
import { openBureau, startBureau } from '../../app/bureau.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../bureau/auth/password.js';
import type { BureauRole } from '../../bureau/store/types.js';
import { contextFrom } from '../context.js';
import { readNewPassword } from '../read-password.js';
import { UsageError } from '../usage-error.js';
import { registerBureauReport } from './bureau-report.js';

const ROLES: readonly BureauRole[] = ['staff', 'enterprise'];

/** `--port` read and checked. */
function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`--port 应为 0 到 65535 之间的整数，收到「${text}」`);
  return port;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Register `bureau` and its subcommands on the program. */
export function registerBureau(program: Command): void {
  const bureau = program
    .command('bureau')
    .description('应急管理局端服务：接收各企业上报的线索、案件处理、统计');

  bureau
    .command('serve')
    .description('启动局端服务（线索接收接口与管理页面），Ctrl-C 停止')
    .option('--port <n>', '监听端口', '8090')
    .option('--host <host>', '监听地址', '127.0.0.1')
    .action(async (options: { port: string; host: string }, command: Command) => {
      const ctx = contextFrom(command);
      const running = await startBureau(ctx.config, { host: options.host, port: portOf(options.port) });
      print(
        `局端服务已启动：${running.url} （管理页面 ${running.url}/login ，线索接收接口 ${running.url}/api/v1/leads）`,
      );
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await running.close();
      print('局端服务已停止');
    });

  const enterprise = bureau.command('enterprise').description('管理上报线索的企业');
  enterprise
    .command('add <name>')
    .description('添加企业并生成它的上报令牌（只显示这一次）')
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = contextFrom(command);
      const { store } = await openBureau(ctx.config);
      try {
        const { enterprise: added, token } = await store.addEnterprise(name);
        if (ctx.json) print(JSON.stringify({ id: added.id, name: added.name, token }));
        else {
          print(`已添加企业「${added.name}」（编号 ${added.id}）。`);
          print(`上报令牌（只显示这一次，请交给该企业填入 bureau.token）：${token}`);
        }
      } finally {
        await store.close();
      }
    });

  const user = bureau.command('user').description('管理局端页面的登录账号');
  user
    .command('add <login>')
    .description('添加登录账号，密码从标准输入读取（不回显）')
    .requiredOption(
      '--role <role>',
      'staff（局端工作人员，看全部企业）或 enterprise（企业管理员，只看本企业）',
    )
    .option('--enterprise <name>', '企业管理员所属的企业名称（--role enterprise 时必填）')
    .action(async (login: string, options: { role: string; enterprise?: string }, command: Command) => {
      const ctx = contextFrom(command);
      const role = ROLES.find((r) => r === options.role);
      if (!role) throw new UsageError(`--role 应为 staff 或 enterprise，收到「${options.role}」`);
      if (role === 'enterprise' && !options.enterprise)
        throw new UsageError('--role enterprise 需要 --enterprise 企业名称');
      if (role === 'staff' && options.enterprise)
        throw new UsageError('局端工作人员不属于企业，不要写 --enterprise');
      if (!/^[A-Za-z0-9._@-]{2,64}$/.test(login)) {
        throw new UsageError('登录名应为 2–64 位英文字母、数字或 . _ @ -');
      }
      const { store } = await openBureau(ctx.config);
      try {
        const owner =
          options.enterprise === undefined ? undefined : await store.enterpriseByName(options.enterprise);
        if (options.enterprise !== undefined && !owner) {
          throw new UsageError(`没有名为「${options.enterprise}」的企业，请先用 bureau enterprise add 添加`);
        }
        if ((await store.userByLogin(login)) !== undefined)
          throw new UsageError(`登录名「${login}」已被使用`);
        const passwordHash = await hashPassword(await readNewPassword(MIN_PASSWORD_LENGTH));
        const added = await store.addUser({
          login,
          role,
          passwordHash,
          ...(owner && { enterpriseId: owner.id }),
        });
        if (ctx.json)
          print(
            JSON.stringify({ id: added.id, login: added.login, role: added.role, enterprise: owner?.name }),
          );
        else
          print(
            `已添加账号 ${added.login}（${role === 'staff' ? '局端工作人员' : `「${owner?.name}」的企业管理员`}）`,
          );
      } finally {
        await store.close();
      }
    });

  registerBureauReport(bureau);
}
