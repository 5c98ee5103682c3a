/**
 * Seeded pseudo-random numbers (mulberry32), so a simulator run with a seed repeats its faults and captchas.
 */
import { randomInt } from 'node:crypto';

/** A source of numbers in [0, 1). */
export type Random = () => number;

/** A seeded generator; without a seed, a random one. */
export function seededRandom(seed: number = randomInt(2 ** 31)): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [min, max]. */
export function randomIntIn(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A number in [min, max). */
export function randomIn(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}
