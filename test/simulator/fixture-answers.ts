/**
 * The representative platform answers and captcha pictures saved under test/fixtures/, produced by the
 * simulator itself (never typed by hand): the parser and OCR work test against them.
 */
import type { CaptchaLevel, SimulatorData } from '../../src/simulator/server.js';
import { startSimulator } from '../../src/simulator/server.js';
import { getCaptcha, netQuery, queryParams, solvedQuery, type Who } from './helpers.js';

/** Raw answers by fixture file name (test/fixtures/platform/). */
export async function platformAnswers(data: SimulatorData): Promise<Record<string, string>> {
  const sample = (name: string, personTypeCode = '03'): Who => {
    const cert = data.certificates.find((c) => c.name === name);
    if (!cert) throw new Error(`样例数据中没有 ${name}`);
    return { name, idcardNum: cert.idNumber, personTypeCode };
  };
  const out: Record<string, string> = {};
  const sim = await startSimulator({ data, seed: 7, exposeCaptchaAnswer: true });
  try {
    out['found-one.json'] = (await solvedQuery(sim.url, sample('张伟'))).text;
    out['found-several.json'] = (await solvedQuery(sim.url, sample('黄勇'))).text;
    out['found-duplicate.json'] = (await solvedQuery(sim.url, sample('胡斌'))).text;
    out['found-safety.json'] = (await solvedQuery(sim.url, sample('冯刚', '02'))).text;
    out['with-history.json'] = (await solvedQuery(sim.url, sample('何平'))).text;
    out['not-found.json'] = (
      await solvedQuery(sim.url, { name: '李明', idcardNum: '440106199203150014', personTypeCode: '03' })
    ).text;
    const who = sample('张伟');
    const captcha = await getCaptcha(sim.url);
    const wrong = String((Number(captcha.answer) + 1) % 10_000).padStart(4, '0');
    out['captcha-error.json'] = (
      await netQuery(sim.url, queryParams(who, wrong, captcha.uuid), captcha.cookie)
    ).text;
    out['uuid-expired.json'] = (
      await netQuery(sim.url, queryParams(who, captcha.answer, captcha.uuid), captcha.cookie)
    ).text;
    sim.setFaults({ rateLimit: 0 });
    out['blocked.html'] = (await solvedQuery(sim.url, who)).text;
    sim.setFaults({ rateLimit: undefined });
    const last = await getCaptcha(sim.url);
    sim.setFaults({ garbageRate: 1 });
    out['garbage.txt'] = (
      await netQuery(sim.url, queryParams(who, last.answer, last.uuid), last.cookie)
    ).text;
  } finally {
    await sim.close();
  }
  return out;
}

/** Ten captcha PNGs with distinct answers, by file name like `easy-4821.png` (test/fixtures/captcha/). */
export async function captchaPictures(
  data: SimulatorData,
  level: CaptchaLevel,
  seed: number,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const sim = await startSimulator({ data, seed, captcha: level, exposeCaptchaAnswer: true });
  try {
    while (out.size < 10) {
      const captcha = await getCaptcha(sim.url);
      out.set(`${level}-${captcha.answer}.png`, Buffer.from(captcha.img, 'base64'));
    }
  } finally {
    await sim.close();
  }
  return out;
}
