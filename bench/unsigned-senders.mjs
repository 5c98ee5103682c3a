/**
 * Helper of mp-door.bench.ts, run as a worker thread so the attack's own work (building and writing the bodies)
 * does not run on the door's event loop: `workerData` = `{ url, senders, body }`; each of `senders` loops posting
 * `body` (unsigned, `encrypt_type=aes`) to `url` until the thread is told `stop`, then it posts `stopped`.
 * Plain JavaScript, so no TypeScript loader is needed in the thread.
 */
import { request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, senders, body } = workerData;
const bytes = Buffer.from(body);
let running = true;

/** One POST; resolves when it is answered or its connection is gone. */
function post() {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-length': bytes.length, connection: 'close' } },
      (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', resolve);
      },
    );
    req.on('error', resolve);
    req.end(bytes);
  });
}

const loops = Array.from({ length: senders }, async () => {
  while (running) await post();
});
parentPort.on('message', async (message) => {
  if (message !== 'stop') return;
  running = false;
  await Promise.all(loops);
  parentPort.postMessage('stopped');
});
parentPort.postMessage('started');
