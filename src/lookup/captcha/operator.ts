/**
 * The `operator` solver: a person reads the captcha. How the picture reaches them is an OperatorChannel:
 * the terminal (terminal-operator.ts) or the chat, where the admin gets it (src/chat/core/operator-channel.ts).
 */
import type { CaptchaSolver } from './solver.js';

/** Hands a captcha to a person and waits for their answer, at most `timeoutMs`. */
export interface OperatorChannel {
  ask(png: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<string>;
}

export class OperatorSolver implements CaptchaSolver {
  readonly name = 'operator';

  constructor(
    private readonly channel: OperatorChannel,
    private readonly timeoutMs: number,
  ) {}

  solve(png: Buffer, signal?: AbortSignal): Promise<string> {
    return this.channel.ask(png, this.timeoutMs, signal);
  }
}
