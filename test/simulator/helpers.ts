/**
 * A minimal raw client of the simulator for its tests, the fixture writer and the benchmark: plain fetch,
 * the session cookie carried by hand, the captcha answer read from the test-seam header.
 */
import { CAPTCHA_ANSWER_HEADER, CAPTCHA_PATH, QUERY_PATH } from '../../src/simulator/server.js';

/** An HTTP answer as received. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A fetched captcha: its uuid, the answer (from the test seam) and the session cookie to send back. */
export interface FetchedCaptcha extends RawAnswer {
  uuid: string;
  answer: string;
  cookie: string;
  img: string;
}

async function get(url: string, cookie?: string): Promise<RawAnswer> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** JSON of a body, or undefined when it is not JSON (a fault, a block page). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** GET the captcha; `cookie` keeps an existing session. */
export async function getCaptcha(base: string, cookie?: string): Promise<FetchedCaptcha> {
  const raw = await get(base + CAPTCHA_PATH, cookie);
  const json = (parseJson(raw.text) ?? {}) as { uuid?: string; img?: string };
  const setCookie = raw.headers.get('set-cookie')?.split(';')[0];
  return {
    ...raw,
    uuid: json.uuid ?? '',
    img: json.img ?? '',
    answer: raw.headers.get(CAPTCHA_ANSWER_HEADER) ?? '',
    cookie: setCookie ?? cookie ?? '',
  };
}

/** Who is asked about. */
export interface Who {
  name: string;
  idcardNum: string;
  personTypeCode: string;
}

/** GET netQuery with exactly these parameters. */
export async function netQuery(
  base: string,
  params: Record<string, string>,
  cookie?: string,
): Promise<RawAnswer> {
  return get(`${base}${QUERY_PATH}?${new URLSearchParams(params)}`, cookie);
}

/** The full parameter set of a query as the real page sends it. */
export function queryParams(who: Who, code: string, uuid: string): Record<string, string> {
  return {
    name: who.name,
    idcardNum: who.idcardNum,
    idcardTypeCode: '01',
    personTypeCode: who.personTypeCode,
    searchType: '1',
    code,
    uuid,
  };
}

/** Fetch a captcha and query with its right answer (needs `exposeCaptchaAnswer`). */
export async function solvedQuery(base: string, who: Who, cookie?: string): Promise<RawAnswer> {
  const captcha = await getCaptcha(base, cookie);
  return netQuery(base, queryParams(who, captcha.answer, captcha.uuid), captcha.cookie);
}
