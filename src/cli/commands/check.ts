/**
 * `cert-verify check` — placeholder registration; the domain work fills it in.
 */
import type { Command } from 'commander';

export function registerCheck(program: Command): void {
  program.command('check').description('核验证件号（离线校验：--offline）').argument('<text...>');
}
