import { describe, expect, it } from 'vitest';
import { createOcrEngine, type OcrLoader, ocrPackageLoader } from '../../src/photo/ocr-engine.js';

/** An engine stand-in that records how many reads overlap and how often it was built. */
function countingLoader(): { load: OcrLoader; built: () => number; mostAtOnce: () => number } {
  let built = 0;
  let running = 0;
  let most = 0;
  return {
    load: async () => {
      built++;
      return {
        async detect(image) {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return [{ text: String(image.length), mean: 1 }];
        },
      };
    },
    built: () => built,
    mostAtOnce: () => most,
  };
}

describe('createOcrEngine', () => {
  it('builds the engine on the first image only, once, and reads one image at a time', async () => {
    const counting = countingLoader();
    const engine = createOcrEngine(counting.load);
    expect(counting.built()).toBe(0);
    const lines = await Promise.all([1, 2, 3, 4].map((n) => engine.lines(Buffer.alloc(n))));
    expect(lines.map((l) => l?.[0]?.text)).toEqual(['1', '2', '3', '4']);
    expect(counting.built()).toBe(1);
    expect(counting.mostAtOnce()).toBe(1);
    await engine.close();
  });

  it('builds it again after a failed load instead of keeping the failure', async () => {
    let calls = 0;
    const engine = createOcrEngine(async () => {
      calls++;
      if (calls === 1) throw new Error('onnxruntime failed to start');
      return { detect: async () => [] };
    });
    await expect(engine.lines(Buffer.alloc(1))).rejects.toThrow('onnxruntime');
    expect(await engine.lines(Buffer.alloc(1))).toEqual([]);
  });

  it('says undefined for a package that is not installed, loaded as the real one is', async () => {
    expect(await ocrPackageLoader('@gutenye/ocr-node-not-installed')()).toBeUndefined();
  });
});
