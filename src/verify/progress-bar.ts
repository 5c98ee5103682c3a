/**
 * Shows batch progress on standard error: a redrawn bar with rate and time left on a terminal, plain lines
 * (the scheduled reports) when standard error is a file or a pipe.
 */
import { type BatchProgress, describeProgress, estimate, formatDuration } from './batch-progress.js';

/** The two callbacks a batch run takes: scheduled reports and a tick after every verdict. */
export interface ProgressPrinter {
  progress(event: BatchProgress): void;
  tick(done: number, total: number): void;
}

/** One bar line: `[#########-----------] 120/400 30% 2.1 人/秒 剩余约 2 分 13 秒`. */
export function formatBar(
  done: number,
  total: number,
  perSecond: number,
  leftMs: number | undefined,
  width = 24,
): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const left = leftMs === undefined ? '' : ` 剩余约 ${formatDuration(leftMs)}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.floor(fraction * 100)}% ${perSecond.toFixed(1)} 人/秒${left}`;
}

/** A printer for `stream` (default standard error); redraws at most every `redrawMs` on a terminal. */
export function progressPrinter(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  now: () => number = Date.now,
  redrawMs = 100,
): ProgressPrinter {
  if (!stream.isTTY) {
    return { progress: (e) => stream.write(`${describeProgress(e)}\n`), tick: () => {} };
  }
  let startedAt = now();
  let doneBefore = 0;
  let lastDraw = 0;
  const draw = (done: number, total: number) => {
    const { perSecond, leftMs } = estimate(done - doneBefore, total - doneBefore, now() - startedAt);
    stream.write(`\r\x1b[2K${formatBar(done, total, perSecond, leftMs)}`);
  };
  return {
    progress(e) {
      if (e.kind === 'start') {
        startedAt = now() - e.elapsedMs;
        doneBefore = e.doneBefore;
        stream.write(`${describeProgress(e)}\n`);
        draw(e.done, e.total);
      } else if (e.kind === 'retry') {
        // The wait can be long: say why nothing moves, then keep the bar on screen.
        stream.write(`\r\x1b[2K${describeProgress(e)}\n`);
        draw(e.done, e.total);
      } else if (e.kind === 'end') {
        stream.write(`\r\x1b[2K${describeProgress(e)}\n`);
      }
    },
    tick(done, total) {
      const t = now();
      if (t - lastDraw < redrawMs && done < total) return;
      lastDraw = t;
      draw(done, total);
    },
  };
}
