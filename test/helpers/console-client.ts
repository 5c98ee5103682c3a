/**
 * A cookie-keeping HTTP client for the bureau console's tests: GETs and form POSTs over real HTTP with the
 * console's cookies, the Origin a browser would send, and the CSRF token read from the last page. It may speak
 * from another loopback address (127.0.0.2 …), as a second machine would.
 */
import { request } from 'node:http';

/** One answer, its body read as text. */
export interface ClientAnswer {
  status: number;
  headers: Headers;
  text: string;
}

interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** A client of the console at `base` (http://127.0.0.1:PORT). */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that had a form. */
  csrf = '';

  /** The loopback address requests leave from. */
  localAddress = '127.0.0.1';

  constructor(readonly base: string) {}

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.base + path,
        { method, headers: { cookie: this.cookieHeader(), ...headers }, localAddress: this.localAddress },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers))
              for (const v of Array.isArray(value) ? value : [value ?? '']) answerHeaders.append(name, v);
            resolve({ status: res.statusCode ?? 0, headers: answerHeaders, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** GET `path`; redirects are not followed. */
  async get(path: string, headers: Record<string, string> = {}): Promise<ClientAnswer> {
    return this.read(await this.send('GET', path, headers));
  }

  /** GET `path` as bytes (an export). */
  async download(path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const answer = await this.send('GET', path, {});
    this.remember(answer.headers);
    return answer;
  }

  /** POST a form to `path` with the page's CSRF token (unless `fields.csrf` is given) and this site's Origin. */
  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = { origin: this.base },
  ): Promise<ClientAnswer> {
    const body = new URLSearchParams({ csrf: this.csrf, ...fields }).toString();
    return this.read(
      await this.send(
        'POST',
        path,
        { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      ),
    );
  }

  /** Open the sign-in page and sign in; the answer to the POST. */
  async signIn(login: string, password: string): Promise<ClientAnswer> {
    await this.get('/login');
    return this.post('/login', { login, password });
  }

  private read(answer: RawAnswer): ClientAnswer {
    this.remember(answer.headers);
    const text = answer.body.toString('utf8');
    const token = /name="csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: answer.status, headers: answer.headers, text };
  }
}
