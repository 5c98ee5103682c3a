import { describe, expect, it } from 'vitest';
import {
  alternate,
  compare,
  exitCode,
  type Figure,
  formatTable,
  interleaved,
  versus,
} from '../../bench/figures.js';

describe('alternate', () => {
  it('runs the steps in turn, every other round in reverse, so none always goes first', async () => {
    const order: string[] = [];
    await alternate(3, [() => order.push('a'), () => order.push('b'), () => order.push('c')]);
    expect(order.join('')).toBe('abccbaabc');
  });
});

describe('compare', () => {
  it('takes the median of the per-round ratios, so a round slowed for both cancels out', () => {
    // Round 2 ran under a burst of load: both sides ten times slower, its ratio unchanged.
    const compared = compare([30, 300, 33, 29, 31], [10, 100, 11, 10, 10]);
    expect(compared.ratio).toBeCloseTo(3, 5);
    expect(compared.subject).toBe(31);
    expect(compared.baseline).toBe(10);
  });

  it('refuses costs from a different number of rounds', () => {
    expect(() => compare([1, 2], [1])).toThrow();
  });
});

describe('interleaved', () => {
  it('measures baseline and subject in alternating rounds and compares their costs', async () => {
    const order: string[] = [];
    const compared = await interleaved(
      4,
      () => {
        order.push('base');
        return 2;
      },
      () => {
        order.push('subject');
        return 5;
      },
    );
    expect(order).toEqual(['base', 'subject', 'subject', 'base', 'base', 'subject', 'subject', 'base']);
    expect(compared).toEqual({ subject: 5, baseline: 2, ratio: 2.5 });
  });
});

describe('versus', () => {
  const figure = {
    name: 'IDs per second',
    value: 1_000_000,
    unit: '/s',
    baseline: 4_000_000,
    what: 'bare loop',
  };

  it('puts the aim on the ratio, not on the absolute figure', () => {
    expect(versus(figure, { ratio: 4.2 }, 4.5)).toMatchObject({ ratio: 4.2, aim: '< 4.5×', met: true });
    expect(versus(figure, { ratio: 4.6 }, 4.5)).toMatchObject({ met: false });
  });
});

describe('formatTable', () => {
  it('shows figure, absolute value, baseline, ratio, aim and met/MISSED, then what the baselines are', () => {
    const rows: Array<Figure & { bench: string }> = [
      {
        bench: 'domain',
        ...versus(
          { name: 'IDs per second', value: 1_000_000, unit: '/s', baseline: 4_000_000, what: 'bare loop' },
          { ratio: 4 },
          3,
        ),
      },
      { bench: 'store', name: 'resident memory', value: 300, unit: 'MB', aim: '<= 400', met: true },
    ];
    const lines = formatTable(rows).split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['bench', 'figure', 'value', 'baseline', 'ratio', 'aim']);
    expect(lines[2]?.split(/\s{2,}/)).toEqual([
      'domain',
      'IDs per second',
      '1,000,000 /s',
      '4,000,000 /s',
      '4.00×',
      '< 3×',
      'MISSED',
    ]);
    expect(lines[3]?.split(/\s{2,}/)).toEqual(['store', 'resident memory', '300 MB', '<= 400', 'met']);
    expect(lines.at(-1)).toBe('  domain: bare loop');
  });
});

describe('exitCode', () => {
  const missedOne: Figure[] = [
    { name: 'a', value: 1, unit: 'ms', ratio: 5, aim: '< 4×', met: false },
    { name: 'b', value: 1, unit: 'ms' },
  ];

  it('is 1 for a missed aim only with --check', () => {
    expect(exitCode(missedOne, { failed: 0, check: true })).toBe(1);
    expect(exitCode(missedOne, { failed: 0, check: false })).toBe(0);
  });

  it('is 0 with --check when every aim is met, 1 whenever a benchmark failed', () => {
    const met = missedOne.map((f) => ({ ...f, met: f.met === undefined ? undefined : true }));
    expect(exitCode(met, { failed: 0, check: true })).toBe(0);
    expect(exitCode(met, { failed: 1, check: false })).toBe(1);
  });
});
