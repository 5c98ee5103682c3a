/**
 * The service account's callback while unsigned 1 MiB bodies arrive (`encrypt_type=aes`, a fresh timestamp, no
 * valid signature; 12 senders in a worker thread): how long a signed URL-verification GET waits, beside the same
 * GET on the quiet door. "After": the door as it is, which refuses such a request from its request line and never
 * reads the body. "Before": the order the door had until issue 23 (body read, then its XML parsed, then the
 * signature checked), modelled by a server doing exactly that with the door's own parser.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createMpTransport } from '../src/chat/transports/mp/index.js';
import { MAX_BODY_BYTES } from '../src/chat/transports/mp/server.js';
import { parseMpXml } from '../src/chat/transports/mp/xml.js';
import { openStoreDb } from '../src/store/sql/open-db.js';
import { setLogLevel } from '../src/util/logger.js';
import { alternate, compare, type Figure, median, QUICK, runAlone, timed, versus } from './figures.js';

const TOKEN = 'benchtoken';
const PATH = '/wechat/mp';
const SENDERS = 12;
const ROUNDS = QUICK ? 3 : 5;
/** Signed GETs timed per step (their median is the step's cost). */
const GETS = 5;
/** 1 MiB of nested elements: the door's XML parser takes about 0.3 s over it (what the attack of issue 23 sent). */
const HOSTILE_BODY = `<xml>${'<a>'.repeat(MAX_BODY_BYTES / 8)}${'</a>'.repeat(MAX_BODY_BYTES / 8 - 2)}</xml>`;

function sha1Sorted(parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

const seconds = () => String(Math.floor(Date.now() / 1000));

/** A URL-verification GET signed as WeChat signs it. */
function signedGet(base: string): string {
  const timestamp = seconds();
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const signature = sha1Sorted([TOKEN, timestamp, nonce]);
  return `${base}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&echostr=42`;
}

/** An unsigned POST's URL: fresh timestamp, made-up signatures. */
function unsignedPost(base: string): string {
  const bogus = '0'.repeat(40);
  return `${base}?signature=${bogus}&timestamp=${seconds()}&nonce=1&encrypt_type=aes&msg_signature=${bogus}`;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The door's order before issue 23: the body read and parsed, then the signature checked. */
async function bodyFirstDoor(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    const q = new URL(req.url ?? '/', 'http://door.invalid').searchParams;
    const [timestamp, nonce] = [q.get('timestamp') ?? '', q.get('nonce') ?? ''];
    if (req.method === 'GET') {
      const ok = sha1Sorted([TOKEN, timestamp, nonce]) === q.get('signature');
      res.writeHead(ok ? 200 : 401).end(ok ? (q.get('echostr') ?? '') : 'unauthorized');
      return;
    }
    let status = 401;
    try {
      const encrypt = parseMpXml(body).Encrypt ?? '';
      if (sha1Sorted([TOKEN, timestamp, nonce, encrypt]) === q.get('msg_signature')) status = 200;
    } catch {
      status = 400;
    }
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Start the senders against `url`; resolves with their stop. */
async function attack(url: string): Promise<() => Promise<void>> {
  const worker = new Worker(new URL('./unsigned-senders.mjs', import.meta.url), {
    workerData: { url: unsignedPost(url), senders: SENDERS, body: HOSTILE_BODY },
  });
  await new Promise((resolve) => worker.once('message', resolve));
  // Let the bodies start arriving before the GETs are timed.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return async () => {
    const stopped = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    await stopped;
    await worker.terminate();
  };
}

/** The median wait of `GETS` signed GETs to `url`, one after another (ms). */
async function signedGetWait(url: string): Promise<number> {
  const waits: number[] = [];
  for (let i = 0; i < GETS; i++) {
    waits.push(
      await timed(async () => {
        const response = await fetch(signedGet(url));
        if ((await response.text()) !== '42') throw new Error(`signed GET answered ${response.status}`);
      }),
    );
  }
  return median(waits);
}

async function underAttack(url: string): Promise<number> {
  const stop = await attack(url);
  try {
    return await signedGetWait(url);
  } finally {
    await stop();
  }
}

const bench = async (): Promise<Figure[]> => {
  // The refusals are logged as warnings, one per unsigned body: not the figures' business.
  setLogLevel('error');
  const dataDir = await mkdtemp(join(tmpdir(), 'mp-door-bench-'));
  const door = createMpTransport(
    {
      appId: 'wxb11529c136998cb6',
      appSecret: 'bench-secret',
      token: TOKEN,
      encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      mode: 'safe',
      host: '127.0.0.1',
      port: 0,
      path: PATH,
      apiBaseUrl: 'http://127.0.0.1:9',
    },
    {},
  );
  const db = await openStoreDb(dataDir, { databaseUrl: '', schema: 'cert_verify' });
  await door.start({ receive: async () => [], database: async () => db });
  const before = await bodyFirstDoor();
  try {
    const url = `http://127.0.0.1:${door.port}${PATH}`;
    const quiet: number[] = [];
    const after: number[] = [];
    const old: number[] = [];
    await alternate(ROUNDS, [
      async () => quiet.push(await signedGetWait(url)),
      async () => after.push(await underAttack(url)),
      async () => old.push(await underAttack(before.url)),
    ]);
    const what = 'the same signed GET on the quiet door';
    const now = compare(after, quiet);
    const then = compare(old, quiet);
    return [
      versus(
        {
          name: `signed GET while ${SENDERS} senders post unsigned 1 MiB bodies (now)`,
          value: Number(now.subject.toFixed(1)),
          unit: 'ms',
          baseline: Number(now.baseline.toFixed(1)),
          what,
        },
        now,
        // Measured 2.5× and 5.0× on two busy cores (the senders' thread takes one of them); 310× before.
        20,
      ),
      {
        name: `the same, body parsed before the signature (before issue 23)`,
        value: Number(then.subject.toFixed(1)),
        unit: 'ms',
        baseline: { value: Number(then.baseline.toFixed(1)), what },
        ratio: Number(then.ratio.toFixed(2)),
      },
    ];
  } finally {
    await before.close();
    await door.stop();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};

await runAlone('mp-door', bench);
