/**
 * TEST SEAM ONLY, for child processes running the real CLI: a loopback gateway in front of the simulator that
 * (1) passes every platform request through unchanged (status, headers, cookies, body) except that it keeps the
 * captcha answer the simulator sends in its test header, and (2) serves an OCR service (`POST /ocr`, the
 * ddddocr-style JSON the product's `http` solver speaks) that answers a captcha image with that kept answer.
 * So the child runs unmodified product code with `--captcha http` and reads every captcha right, without OCR.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { CAPTCHA_ANSWER_HEADER, CAPTCHA_PATH } from '../../src/simulator/server.js';

/** The running gateway: point `--lookup-url` at `url` and `captcha.http.url` at `ocrUrl`. */
export interface CaptchaGateway {
  url: string;
  ocrUrl: string;
  /** How many captchas the OCR service has read so far (about one per query a child made). */
  ocrAnswered(): number;
  close(): Promise<void>;
}

/** Captcha answers kept by image, at most this many (a child fetches one captcha per query attempt). */
const KEPT = 10_000;

async function body(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Start the gateway in front of the simulator at `simulatorUrl`. */
export async function startCaptchaGateway(simulatorUrl: string): Promise<CaptchaGateway> {
  const target = new URL(simulatorUrl);
  const answers = new Map<string, string>();
  let answered = 0;

  function keep(image: string, answer: string): void {
    answers.set(image, answer);
    if (answers.size > KEPT) answers.delete(answers.keys().next().value as string);
  }

  async function ocr(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { image } = JSON.parse((await body(req)).toString('utf8')) as { image?: string };
    const answer = image === undefined ? undefined : answers.get(image);
    if (answer !== undefined) answered++;
    res.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer === undefined ? { error: 'unknown image' } : { result: answer }));
  }

  function pass(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      async (answer) => {
        const bytes = await body(answer);
        const solution = answer.headers[CAPTCHA_ANSWER_HEADER];
        const headers = { ...answer.headers };
        delete headers[CAPTCHA_ANSWER_HEADER];
        if (typeof solution === 'string' && req.url?.startsWith(CAPTCHA_PATH)) {
          const { img } = JSON.parse(bytes.toString('utf8')) as { img?: string };
          if (img) keep(img.replace(/^data:image\/\w+;base64,/, ''), solution);
        }
        if (res.destroyed) return;
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(bytes);
      },
    );
    // A client that gave up (timeout) or an upstream that hangs: drop both sides quietly.
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/ocr') {
      ocr(req, res).catch(() => res.destroy());
      return;
    }
    pass(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ocrUrl: `http://127.0.0.1:${port}/ocr`,
    ocrAnswered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
