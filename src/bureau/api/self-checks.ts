/**
 * `POST /api/v1/self-checks`: an enterprise's bot reports its month's self-check summary `{ month, people,
 * problems, at }`. The bureau keeps one per enterprise and month: 201 for the month's first, 200 when a later
 * count replaced it, 200 with `outcome: "kept"` when it already holds a count at least as recent (a report that
 * arrives late, or again, changes nothing). Same token and limits as the leads: 401 before anything else, the
 * token's rate (429 with Retry-After), a small body, Chinese reasons for a bad report (400).
 */
import { logger } from '../../util/logger.js';
import { HttpError, readJson, sendJson } from '../http/json.js';
import type { RequestContext, Router } from '../http/router.js';
import type { ProgressStore, StoredSelfCheck } from '../progress/types.js';
import type { BureauStore } from '../store/types.js';
import { authenticate } from './authenticate.js';
import type { IntakeQuota } from './intake-quota.js';
import { parseSelfCheck } from './self-check-schema.js';

const log = logger('bureau');

/** The self-check path. */
export const SELF_CHECKS_PATH = '/api/v1/self-checks';

/** The largest body read (four short fields). */
const MAX_SELF_CHECK_BODY_BYTES = 4 * 1024;

/** What the enterprise sees of its stored month. */
function forEnterprise(selfCheck: StoredSelfCheck) {
  const { month, people, problems, at, receivedAt } = selfCheck;
  return { month, people, problems, at, receivedAt };
}

/** Register the self-check route; `quota` is the leads' (one rate per token for both). */
export function registerSelfCheckApi(
  router: Router,
  deps: { store: BureauStore; progress: ProgressStore; quota: IntakeQuota; now: () => Date },
): void {
  router.post(SELF_CHECKS_PATH, async ({ req, res }: RequestContext) => {
    const enterprise = await authenticate(deps.store, req);
    deps.quota.takeRequest(enterprise.id, deps.now());
    const parsed = parseSelfCheck(await readJson(req, MAX_SELF_CHECK_BODY_BYTES), deps.now());
    if ('problems' in parsed) {
      throw new HttpError(400, `自查情况有误：${parsed.problems.join('；')}`, { problems: parsed.problems });
    }
    const { outcome, selfCheck } = await deps.progress.reportSelfCheck(enterprise.id, parsed.report);
    log.info(
      { enterprise: enterprise.id, month: selfCheck.month, outcome },
      outcome === 'kept' ? '自查情况已有更新的统计，未替换' : '收到企业自查情况',
    );
    sendJson(res, outcome === 'created' ? 201 : 200, { outcome, selfCheck: forEnterprise(selfCheck) });
  });
}
