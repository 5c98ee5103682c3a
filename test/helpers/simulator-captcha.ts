/**
 * TEST SEAM ONLY: read the simulator's captcha answer from its `x-simulator-captcha` header. An axios
 * interceptor on the client's HTTP session remembers the header of the latest captcha; the solver returns it.
 * Product code knows nothing of this: the client just accepts an injected HTTP session.
 */
import type { AxiosInstance } from 'axios';
import type { Config } from '../../src/config/schema.js';
import type { CaptchaSolver } from '../../src/lookup/captcha/solver.js';
import { createHttpSession } from '../../src/lookup/national/http-session.js';
import { CAPTCHA_ANSWER_HEADER } from '../../src/simulator/server.js';

/** A solver that answers from the header, and how often it was told it was right or wrong. */
export interface HeaderSolver extends CaptchaSolver {
  readonly told: { right: number; wrong: number };
}

/** An HTTP session that records the captcha header, and the solver that reads it. */
export function simulatorCaptchaSeam(settings: Config['lookup']): {
  http: AxiosInstance;
  solver: HeaderSolver;
} {
  const http = createHttpSession(settings);
  let latest = '';
  http.interceptors.response.use((response) => {
    const answer = response.headers[CAPTCHA_ANSWER_HEADER];
    if (typeof answer === 'string') latest = answer;
    return response;
  });
  const told = { right: 0, wrong: 0 };
  const solver: HeaderSolver = {
    name: 'simulator-header',
    told,
    solve: async () => latest,
    feedback: (_answer, correct) => {
      if (correct) told.right++;
      else told.wrong++;
    },
  };
  return { http, solver };
}
