/**
 * Runs the command line and turns every ending into an exit code and at most one line on standard error.
 */
import { buildProgram } from './program.js';
import { describeExit } from './usage-error.js';

/** Run the command line; resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => {
      if (/^(Usage|用法)/.test(s)) process.stderr.write(s);
    },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const { code, message } = describeExit(error);
    if (message) process.stderr.write(`${message.split('\n')[0]}\n`);
    return code;
  }
}
