/**
 * The one place that talks HTTP to the platform: an axios instance that fetches raw bytes (DESIGN habit 8),
 * times out every call, sends the headers of the real Vue page and keeps cookies between the captcha and the
 * query in a tough-cookie jar (the session that fetched a captcha must be the one that uses it).
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { CookieJar } from 'tough-cookie';

export interface HttpSessionSettings {
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
}

/** A raw answer: status, content type and the body bytes. */
export interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: Buffer;
  headers: Record<string, string>;
}

/** Create the HTTP session: an axios instance with a cookie jar wired through interceptors. */
export function createHttpSession(settings: HttpSessionSettings): AxiosInstance {
  const jar = new CookieJar();
  const http = axios.create({
    baseURL: settings.baseUrl.replace(/\/+$/, ''),
    timeout: settings.timeoutMs,
    responseType: 'arraybuffer',
    // Every status is read by the caller: a 403 page or a 500 is an answer to classify, not an exception.
    validateStatus: () => true,
    // Talk to the platform (or the loopback simulator) directly, never through an environment proxy.
    proxy: false,
    maxRedirects: 3,
    headers: {
      Accept: 'application/json, text/plain, */*',
      'Accept-Language': 'zh-CN,zh;q=0.9',
      'User-Agent': settings.userAgent,
    },
  });
  http.interceptors.request.use(async (config) => {
    const cookie = await jar.getCookieString(http.getUri(config));
    if (cookie) config.headers.set('Cookie', cookie);
    return config;
  });
  http.interceptors.response.use(async (response) => {
    const setCookie = response.headers['set-cookie'];
    const url = http.getUri(response.config);
    for (const line of setCookie ?? []) await jar.setCookie(line, url, { ignoreError: true });
    return response;
  });
  return http;
}

/** The raw answer of an axios response fetched as an arraybuffer. */
export function rawAnswer(response: AxiosResponse<ArrayBuffer>): RawAnswer {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  }
  return {
    status: response.status,
    contentType: headers['content-type'],
    body: Buffer.from(response.data ?? new ArrayBuffer(0)),
    headers,
  };
}
