/**
 * The simulator's speed: captcha pictures drawn per second, and queries answered per second on loopback
 * (the demo, the tests and the other benchmarks all lean on it, so it must never be the bottleneck). Each
 * beside a baseline in alternating rounds: sharp turning a blank SVG of the same size into PNG for the pictures,
 * a bare HTTP server sending the same bytes, taken from the simulator, for the queries.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { PROJECT_ROOT } from '../src/config/load.js';
import {
  CAPTCHA_HEIGHT,
  CAPTCHA_WIDTH,
  type CaptchaLevel,
  drawCaptchaAnswer,
  renderCaptcha,
} from '../src/simulator/captcha-image.js';
import { seededRandom } from '../src/simulator/random.js';
import {
  CAPTCHA_PATH,
  loadSimulatorData,
  type SimCertificate,
  startSimulator,
} from '../src/simulator/server.js';
import {
  type FetchedCaptcha,
  getCaptcha,
  netQuery,
  queryParams,
  solvedQuery,
  type Who,
} from '../test/simulator/helpers.js';
import { type Compared, type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const CONCURRENCY = 8;
/** Rounds of each figure and its baseline, alternating: many short ones, so each pair shares one moment's load. */
const ROUNDS = QUICK ? 5 : 9;
const PICTURES = 20;
const QUERIES = 100;
const LOOKUPS = 40;
const BASELINES =
  'pictures: sharp turning a blank SVG of the same size into PNG; queries: a bare HTTP server sending the same bytes to the same fetch, as many in flight';

/** The cost of drawing `count` pictures at `level`, and of turning `count` blank SVGs into PNG. */
function pictures(level: CaptchaLevel): Promise<Compared> {
  const random = seededRandom(1);
  const blank = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CAPTCHA_WIDTH}" height="${CAPTCHA_HEIGHT}"><rect width="100%" height="100%" fill="#f3f6fa"/></svg>`,
  );
  return interleaved(
    ROUNDS,
    () =>
      timed(async () => {
        for (let i = 0; i < PICTURES; i++) await sharp(blank).png().toBuffer();
      }),
    () =>
      timed(async () => {
        for (let i = 0; i < PICTURES; i++) await renderCaptcha(drawCaptchaAnswer(random), level, random);
      }),
  );
}

/** Run `count` jobs with a few in flight at once; returns the elapsed ms. */
function inFlight(count: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  return timed(() =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) await job(next++);
      }),
    ),
  );
}

/** A bare HTTP server on loopback answering a captcha request with `captcha`, anything else with `query`. */
async function bareServer(
  captcha: string,
  query: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const body = req.url?.startsWith(CAPTCHA_PATH) ? captcha : query;
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function rate(count: number, ms: number): number {
  return Math.round((count * 1000) / ms);
}

function figure(name: string, count: number, compared: Compared, aim: number): Figure {
  return versus(
    {
      name,
      value: rate(count, compared.subject),
      unit: '/s',
      baseline: rate(count, compared.baseline),
      what: BASELINES,
    },
    compared,
    aim,
  );
}

export default async function main(): Promise<Figure[]> {
  const easy = await pictures('easy');
  const noisy = await pictures('noisy');
  const data = await loadSimulatorData(join(PROJECT_ROOT, 'data', 'samples', 'people.json'));
  const sim = await startSimulator({ data, seed: 1, captcha: 'easy', exposeCaptchaAnswer: true });
  const people = data.certificates.filter((c) => c.kind === 'special');
  const who = (i: number): Who => {
    const c = people[i % people.length] as SimCertificate;
    return { name: c.name, idcardNum: c.idNumber, personTypeCode: '03' };
  };
  const sample = await getCaptcha(sim.url);
  const answer = await netQuery(sim.url, queryParams(who(0), sample.answer, sample.uuid), sample.cookie);
  const bare = await bareServer(sample.text, answer.text);
  try {
    let captchas: FetchedCaptcha[] = [];
    const queryRound = (url: string) => async () => {
      captchas = [];
      for (let i = 0; i < QUERIES; i++) captchas.push(await getCaptcha(sim.url));
      return inFlight(QUERIES, async (i) => {
        const c = captchas[i];
        if (c) await netQuery(url, queryParams(who(i), c.answer, c.uuid), c.cookie);
      });
    };
    const queries = await interleaved(ROUNDS, queryRound(bare.url), queryRound(sim.url));
    const lookups = await interleaved(
      ROUNDS,
      () => inFlight(LOOKUPS, (i) => solvedQuery(bare.url, who(i))),
      () => inFlight(LOOKUPS, (i) => solvedQuery(sim.url, who(i))),
    );
    const answered = sim.stats().answered;
    const expected = 1 + ROUNDS * (QUERIES + LOOKUPS);
    if (answered !== expected) throw new Error(`expected ${expected} answered queries, got ${answered}`);
    return [
      // Quiet 1.9–2.0×, busy 1.8–2.7×: aim < 3.8× leaves 40 % over the busiest.
      figure('captcha pictures drawn per second (easy)', PICTURES, easy, 3.8),
      // Quiet 2.9–3.0×, busy 2.7–3.4×: aim < 4.8× leaves 40 % over the busiest.
      figure('captcha pictures drawn per second (noisy)', PICTURES, noisy, 4.8),
      // Quiet 1.1–1.3×, busy 0.9–2.0×: aim < 2.8× leaves 40 % over the busiest.
      figure(`queries answered per second on loopback (${CONCURRENCY} in flight)`, QUERIES, queries, 2.8),
      // Quiet 5.3–6.4× (drawing the captcha is most of it), busy 1.7–2.5×: aim < 9× leaves 40 % over the highest.
      figure(
        `captcha + query lookups per second on loopback (${CONCURRENCY} in flight)`,
        LOOKUPS,
        lookups,
        9,
      ),
    ];
  } finally {
    await bare.close();
    await sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('simulator', main);
