/**
 * The Chinese OCR engine (`@gutenye/ocr-node`, PP-OCR models on onnxruntime), an optional part of the install:
 * it is loaded by a dynamic `import()` on the first photo, so a bot that never sees one never loads its 300 MB,
 * and an install without it (`npm install --omit=optional`) still reads QR codes. One engine lives as long as
 * the reader and takes one image at a time from a queue (each run holds several hundred MB).
 */
import PQueue from 'p-queue';

/** One line of text the engine found, with its mean confidence (0..1) and its box corners. */
export interface OcrLine {
  text: string;
  mean: number;
  box?: number[][];
}

/** Reads the text lines of an encoded image. */
export interface OcrEngine {
  /** The lines, or undefined when the engine is not installed. */
  lines(image: Buffer): Promise<OcrLine[] | undefined>;
  close(): Promise<void>;
}

/** What the package's default export offers (its types say `detect` takes a path; sharp also takes bytes). */
interface GutenOcr {
  detect(image: string | Buffer): Promise<OcrLine[]>;
}

/** Loads the package and builds its engine; undefined when it is not installed. */
export type OcrLoader = () => Promise<GutenOcr | undefined>;

/** The OCR package, named in a variable so that a build without it (`--omit=optional`) still type-checks. */
const OCR_PACKAGE = '@gutenye/ocr-node';

/**
 * A loader of the OCR package `name` as installed in node_modules: undefined when it (or onnxruntime under it)
 * is not installed; any other failure is thrown.
 */
export function ocrPackageLoader(name: string): OcrLoader {
  return async () => {
    let module: { default: { create(): Promise<GutenOcr> } };
    try {
      module = (await import(name)) as typeof module;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
      throw error;
    }
    return module.default.create();
  };
}

/** The OCR package the project lists as optional. */
export const loadGutenOcr: OcrLoader = ocrPackageLoader(OCR_PACKAGE);

/** One lazily created engine behind a queue of concurrency 1. */
export function createOcrEngine(load: OcrLoader = loadGutenOcr): OcrEngine {
  const queue = new PQueue({ concurrency: 1 });
  let engine: Promise<GutenOcr | undefined> | undefined;
  return {
    lines: (image) =>
      queue.add(async () => {
        engine ??= load().catch((error: unknown) => {
          engine = undefined;
          throw error;
        });
        const ocr = await engine;
        return ocr ? ocr.detect(image) : undefined;
      }),
    async close() {
      await queue.onIdle();
      // The package holds its sessions in private fields without a release call: dropping the engine lets the
      // collector free the native sessions.
      engine = undefined;
    },
  };
}
