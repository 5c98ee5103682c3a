/**
 * The photo check end to end on the synthetic set (test/helpers/card-photos.ts) and the simulator with the sample
 * people (captchas read through its test header, its scan endpoint answering the QR tokens): how many altered
 * cards become altered-card leads and how many genuine cards are wrongly called altered, how many fake QR hosts
 * become fake-platform leads (and official ones not), and seconds per photo through the real pipeline (read,
 * query, lookup, scan, comparison, findings) beside the reader alone on the same photo, photo by photo in
 * alternating order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config/load.js';
import { createPhotoReader } from '../src/photo/reader.js';
import { loadSimulatorData, startSimulator } from '../src/simulator/server.js';
import { openStore } from '../src/store/store.js';
import { createPhotoChecker, type PhotoOutcome } from '../src/verify/photo-check.js';
import { createPipeline } from '../src/verify/pipeline.js';
import { samplePhotos } from '../test/helpers/card-photos.js';
import { seamClient, testSettings } from '../test/lookup/helpers.js';
import { alternate, type Figure, median, QUICK, runAlone } from './figures.js';

const COUNT = QUICK ? 20 : 40;
const TODAY = '2026-11-24';

function share(part: number, whole: number): number {
  return whole === 0 ? 100 : Number(((100 * part) / whole).toFixed(1));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

const leadsOf = (o: PhotoOutcome) => (o.kind === 'checked' ? o.leads : []);

async function bench(): Promise<Figure[]> {
  process.stderr.write(`drawing ${COUNT} photos…\n`);
  const photos = await samplePhotos(COUNT, 41);
  const config = loadConfig({ env: {} });
  const sim = await startSimulator({
    data: await loadSimulatorData(join(PROJECT_ROOT, 'data', 'samples', 'people.json')),
    exposeCaptchaAnswer: true,
    seed: 14,
  });
  const dir = await mkdtemp(join(tmpdir(), 'photo-check-bench-'));
  const store = await openStore(dir, { cache: config.cache });
  const reader = createPhotoReader({ settings: config.photo });
  try {
    const { client } = seamClient(testSettings(sim.url, { timeoutMs: 10_000 }));
    const pipeline = createPipeline({ store, national: client, rules: config.rules });
    const checker = createPhotoChecker({ reader, pipeline, scan: client, findings: store.findings });
    const requester = { channel: 'cli' as const, userId: 'bench' };
    await reader.read(photos[0]?.bytes ?? Buffer.alloc(0)); // the engine loads once, outside the figures
    const seconds: number[] = [];
    const baseline: number[] = [];
    const outcomes: PhotoOutcome[] = [];
    for (const [i, photo] of photos.entries()) {
      await alternate(1, [
        async () => {
          const start = performance.now();
          await reader.read(photo.bytes);
          baseline.push((performance.now() - start) / 1000);
        },
        async () => {
          const start = performance.now();
          const reading = await checker.read(photo.bytes);
          outcomes.push(await checker.judge(reading, { requester, today: TODAY }, undefined, photo.bytes));
          seconds.push((performance.now() - start) / 1000);
        },
      ]);
      if ((i + 1) % 10 === 0) process.stderr.write(`  ${i + 1}/${photos.length} checked\n`);
    }
    const tally = {
      altered: 0,
      caught: 0,
      genuine: 0,
      accused: 0,
      fakes: 0,
      fakesLed: 0,
      officials: 0,
      officialsLed: 0,
    };
    photos.forEach((photo, i) => {
      const outcome = outcomes[i] as PhotoOutcome;
      const leads = leadsOf(outcome);
      if (photo.altered.length > 0) {
        tally.altered++;
        if (leads.includes('altered_card')) tally.caught++;
        else
          process.stderr.write(
            `  missed alteration ${photo.name}: ${outcome.kind} ${photo.altered.join(',')}\n`,
          );
      } else {
        tally.genuine++;
        if (leads.includes('altered_card')) {
          tally.accused++;
          process.stderr.write(`  genuine called altered ${photo.name}\n`);
        }
      }
      if (photo.qrOfficial) {
        tally.officials++;
        if (leads.includes('fake_platform')) tally.officialsLed++;
      } else {
        tally.fakes++;
        if (leads.includes('fake_platform')) tally.fakesLed++;
        else process.stderr.write(`  fake host without lead ${photo.name}: ${outcome.kind}\n`);
      }
      if (outcome.kind !== 'checked') process.stderr.write(`  ${photo.name}: ${outcome.kind}\n`);
    });
    const what = 'the photo reader alone (QR + OCR) on the same photo, photo by photo';
    const ratios = seconds.map((s, i) => s / (baseline[i] as number));
    const caught = share(tally.caught, tally.altered);
    const led = share(tally.fakesLed, tally.fakes);
    return [
      {
        name: `altered cards caught as altered-card leads (${tally.caught}/${tally.altered})`,
        value: caught,
        unit: '%',
        aim: '>= 95%',
        met: caught >= 95,
      },
      {
        name: `genuine cards called altered (${tally.accused}/${tally.genuine})`,
        value: tally.accused,
        unit: 'photos',
        aim: '= 0',
        met: tally.accused === 0,
      },
      {
        name: `fake QR hosts made fake-platform leads (${tally.fakesLed}/${tally.fakes})`,
        value: led,
        unit: '%',
        aim: '= 100%',
        met: led === 100,
      },
      {
        name: `official QR hosts made fake-platform leads (${tally.officialsLed}/${tally.officials})`,
        value: tally.officialsLed,
        unit: 'photos',
        aim: '= 0',
        met: tally.officialsLed === 0,
      },
      {
        name: 'seconds per photo end to end, median (read, lookup, scan, compare, record)',
        value: Number(median(seconds).toFixed(3)),
        unit: 's',
        baseline: { value: Number(median(baseline).toFixed(3)), what },
        ratio: Number(median(ratios).toFixed(2)),
        aim: '< 1.5×',
        met: median(ratios) < 1.5,
      },
      {
        name: 'seconds per photo end to end, p95',
        value: Number(percentile(seconds, 0.95).toFixed(3)),
        unit: 's',
        baseline: { value: Number(percentile(baseline, 0.95).toFixed(3)), what },
        ratio: Number((percentile(seconds, 0.95) / percentile(baseline, 0.95)).toFixed(2)),
      },
    ];
  } finally {
    await reader.close();
    await store.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runAlone('photo-check', bench);
