import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendQueue } from '../../src/chat/send-queue.js';
import { splitText } from '../../src/chat/split-text.js';
import type { ChatReply } from '../../src/chat/types.js';

const to = { userId: 'u1' };
const text = (t: string): ChatReply => ({ to, content: { kind: 'text', text: t } });
const sentTexts = (sent: Array<{ at: number; reply: ChatReply }>) =>
  sent.map((s) => (s.reply.content.kind === 'text' ? s.reply.content.text : ''));

describe('splitText', () => {
  it('keeps short texts whole', () => {
    expect(splitText('a\nb', 10)).toEqual(['a\nb']);
  });

  it('splits at line boundaries under the limit', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `第${i}行内容`);
    const parts = splitText(lines.join('\n'), 20);
    expect(parts.every((p) => p.length <= 20)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    expect(parts[0]).toBe('第0行内容\n第1行内容\n第2行内容');
  });

  it('cuts a single over-long line hard', () => {
    expect(splitText('abcdefghij\nk', 4)).toEqual(['abcd', 'efgh', 'ij\nk']);
  });
});

describe('SendQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one at a time, each the interval after the previous send settled', async () => {
    const sent: Array<{ at: number; reply: ChatReply }> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const queue = new SendQueue(
      async (reply) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 100));
        sent.push({ at: Date.now(), reply });
        inFlight--;
      },
      { intervalMs: 1000, maxChars: 1800, retries: 0 },
    );
    queue.push(text('一'));
    queue.push(text('二'));
    queue.push(text('三'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(sentTexts(sent)).toEqual(['一', '二', '三']);
    // Each send takes 100 ms; the next starts 1,000 ms after it finished.
    expect(sent.map((s) => s.at)).toEqual([100, 1200, 2300]);
    expect(maxInFlight).toBe(1);
    expect(queue.size).toBe(0);
  });

  it('a message after a quiet spell goes at once', async () => {
    const sent: number[] = [];
    const queue = new SendQueue(async () => void sent.push(Date.now()), {
      intervalMs: 1000,
      maxChars: 1800,
      retries: 0,
    });
    queue.push(text('一'));
    await vi.advanceTimersByTimeAsync(5000);
    queue.push(text('二'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([0, 5000]);
  });

  it('splits long texts into several messages', async () => {
    const sent: Array<{ at: number; reply: ChatReply }> = [];
    const queue = new SendQueue(async (reply) => void sent.push({ at: Date.now(), reply }), {
      intervalMs: 10,
      maxChars: 100,
      retries: 0,
    });
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    queue.push(text(long));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.length).toBeGreaterThan(2);
    expect(sentTexts(sent).every((t) => t.length <= 100)).toBe(true);
    expect(sentTexts(sent).join('\n')).toBe(long);
  });

  it('retries a failed send, then moves on after the retries are spent', async () => {
    const attempts: string[] = [];
    const queue = new SendQueue(
      async (reply) => {
        const t = reply.content.kind === 'text' ? reply.content.text : '';
        attempts.push(t);
        if (t === '坏' || attempts.filter((a) => a === t).length < 2) throw new Error('network');
      },
      { intervalMs: 100, maxChars: 1800, retries: 2 },
    );
    queue.push(text('好'));
    queue.push(text('坏'));
    queue.push(text('后'));
    const idle = queue.onIdle();
    await vi.advanceTimersByTimeAsync(5000);
    await idle;
    expect(attempts).toEqual(['好', '好', '坏', '坏', '坏', '后', '后']);
  });

  it('a reply pushed at any microtask after the last send settled is sent without another push', async () => {
    // The race of `帮助` then `统计` on the console: the second reply is queued while the first send's promise
    // chain unwinds. Try every position in that chain; each queue must send both.
    for (let ticks = 0; ticks <= 12; ticks++) {
      const sent: string[] = [];
      let queue: SendQueue | undefined;
      const transport = async (reply: ChatReply) => {
        const t = reply.content.kind === 'text' ? reply.content.text : '';
        sent.push(t);
        if (t !== '一') return;
        // Queue the second reply `ticks` microtasks after this send settles.
        void (async () => {
          for (let i = 0; i < ticks; i++) await Promise.resolve();
          queue?.push(text('二'));
        })();
      };
      queue = new SendQueue(transport, { intervalMs: 100, maxChars: 1800, retries: 0 });
      queue.push(text('一'));
      await vi.advanceTimersByTimeAsync(1000);
      expect({ ticks, sent, left: queue.size }).toEqual({ ticks, sent: ['一', '二'], left: 0 });
    }
  });

  it('onIdle waits for a reply pushed while the queue was sending', async () => {
    const sent: string[] = [];
    let queue: SendQueue | undefined;
    queue = new SendQueue(
      async (reply) => {
        const t = reply.content.kind === 'text' ? reply.content.text : '';
        sent.push(t);
        if (t === '一') queue?.push(text('二'));
      },
      { intervalMs: 100, maxChars: 1800, retries: 0 },
    );
    queue.push(text('一'));
    let idle = false;
    void queue.onIdle().then(() => {
      idle = true;
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual(['一', '二']);
    expect(idle).toBe(true);
  });
});
