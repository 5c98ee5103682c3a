/**
 * The simulator's speed: captcha pictures drawn per second, and queries answered per second on loopback
 * (the demo, the tests and the other benchmarks all lean on it, so it must never be the bottleneck).
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config/load.js';
import { type CaptchaLevel, drawCaptchaAnswer, renderCaptcha } from '../src/simulator/captcha-image.js';
import { seededRandom } from '../src/simulator/random.js';
import { loadSimulatorData, type SimCertificate, startSimulator } from '../src/simulator/server.js';
import {
  type FetchedCaptcha,
  getCaptcha,
  netQuery,
  queryParams,
  solvedQuery,
  type Who,
} from '../test/simulator/helpers.js';
import { type Figure, runAlone } from './figures.js';

const CONCURRENCY = 8;

async function picturesPerSecond(level: CaptchaLevel, count: number): Promise<number> {
  const random = seededRandom(1);
  const start = performance.now();
  for (let i = 0; i < count; i++) await renderCaptcha(drawCaptchaAnswer(random), level, random);
  return count / ((performance.now() - start) / 1000);
}

/** Run `count` jobs with a few in flight at once; returns jobs per second. */
async function perSecond(count: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

function figure(name: string, value: number, unit: string, aim: number): Figure {
  return { name, value: Math.round(value), unit, aim: `>= ${aim}`, met: value >= aim };
}

export default async function main(): Promise<Figure[]> {
  const easy = await picturesPerSecond('easy', 150);
  const noisy = await picturesPerSecond('noisy', 150);
  const data = await loadSimulatorData(join(PROJECT_ROOT, 'data', 'samples', 'people.json'));
  const sim = await startSimulator({ data, seed: 1, captcha: 'easy', exposeCaptchaAnswer: true });
  try {
    const people = data.certificates.filter((c) => c.kind === 'special');
    const who = (i: number): Who => {
      const c = people[i % people.length] as SimCertificate;
      return { name: c.name, idcardNum: c.idNumber, personTypeCode: '03' };
    };
    const count = 1000;
    const captchas: FetchedCaptcha[] = [];
    for (let i = 0; i < count; i++) captchas.push(await getCaptcha(sim.url));
    const queries = await perSecond(count, async (i) => {
      const c = captchas[i];
      if (c) await netQuery(sim.url, queryParams(who(i), c.answer, c.uuid), c.cookie);
    });
    const lookups = await perSecond(300, (i) => solvedQuery(sim.url, who(i)));
    const answered = sim.stats().answered;
    if (answered !== count + 300)
      throw new Error(`expected ${count + 300} answered queries, got ${answered}`);
    return [
      figure('captcha pictures drawn per second (easy)', easy, '/s', 100),
      figure('captcha pictures drawn per second (noisy)', noisy, '/s', 50),
      figure(`queries answered per second on loopback (${CONCURRENCY} in flight)`, queries, '/s', 1000),
      figure(`captcha + query lookups per second on loopback (${CONCURRENCY} in flight)`, lookups, '/s', 100),
    ];
  } finally {
    await sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('simulator', main);
