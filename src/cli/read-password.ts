/**
 * A password read from standard input without echo: typed twice on a terminal (each keystroke hidden), or the
 * first line of a pipe (`echo … | cert-verify bureau user add …`, for scripts).
 */
import { createInterface } from 'node:readline';
import { UsageError } from './usage-error.js';

/** Read one line from a terminal with echo off, after printing `prompt` on standard error. */
function readHiddenLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let line = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new UsageError('已取消'));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of a piped standard input. */
async function readPipedLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

/** The new password from standard input, at least `minLength` characters. */
export async function readNewPassword(minLength: number): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await readHiddenLine('密码（输入时不显示）：');
    const again = await readHiddenLine('再输入一次：');
    if (again !== password) throw new UsageError('两次输入的密码不一致');
  } else {
    password = await readPipedLine();
  }
  if (password.length < minLength) throw new UsageError(`密码至少 ${minLength} 个字符`);
  return password;
}
