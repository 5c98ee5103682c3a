/**
 * The intake API enterprise bots report to. `POST /api/v1/leads` stores a lead (201), answers 200 when this
 * enterprise already sent that very lead (nothing changes), 409 with the reason when it holds a different lead
 * under that id (nothing changes either: the bot keeps its lead as a conflict), or 429 with Retry-After above the
 * token's rate or the enterprise's daily cap (intake-quota.ts). `POST /api/v1/leads/{id}/withdraw` with
 * `{ reason, withdrawnAt }` marks one of its own leads withdrawn (200, also when it already was; 404 for an id it
 * never sent). `GET /api/v1/leads` lists the calling enterprise's leads only, each with its `state` (`reported` |
 * `withdrawn`). All take `Authorization: Bearer TOKEN`: a missing, forged or unknown token is 401 before anything
 * else. With the monthly statistics' store, `POST /api/v1/self-checks` (self-checks.ts) takes the enterprises'
 * self-check months under the same token and rate.
 */
import { maskId } from '../../domain/mask.js';
import { logger } from '../../util/logger.js';
import { HttpError, readJson, sendJson } from '../http/json.js';
import type { RequestContext, Router } from '../http/router.js';
import type { ProgressStore } from '../progress/types.js';
import { type BureauStore, type Lead, leadStateOf, MAX_LIST_OFFSET } from '../store/types.js';
import { authenticate } from './authenticate.js';
import { type IntakeLimits, IntakeQuota } from './intake-quota.js';
import { parseLead, parseWithdrawal } from './lead-schema.js';
import { registerSelfCheckApi } from './self-checks.js';

const log = logger('bureau');

/** The intake path. */
export const LEADS_PATH = '/api/v1/leads';

/** The largest request body read (the evidence limit plus room for the other fields). */
export const MAX_LEAD_BODY_BYTES = 96 * 1024;

/** The largest withdrawal body read (a reason and a time). */
const MAX_WITHDRAWAL_BODY_BYTES = 4 * 1024;

/** The most leads one `GET` page holds. */
const MAX_PAGE = 200;

export interface IntakeDeps {
  store: BureauStore;
  /** The monthly statistics, when the service takes self-check reports (`POST /api/v1/self-checks`). */
  progress?: ProgressStore;
  /** The rate per token and the daily cap per enterprise (default: DEFAULT_INTAKE_LIMITS). */
  limits?: IntakeLimits;
  now?: () => Date;
}

/** The limits when none are given (config/default.json has the same). */
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { perMinute: 60, perDay: 2000 };

/** A lead as its enterprise sees it through the API (the ID masked: the enterprise holds the full one). */
function leadForEnterprise(lead: Lead) {
  return {
    id: lead.sourceId,
    bureauId: lead.id,
    kind: lead.kind,
    status: lead.status,
    idNumber: maskId(lead.idNumber),
    name: lead.name,
    item: lead.item,
    foundAt: lead.foundAt,
    receivedAt: lead.receivedAt,
    caseStatus: lead.caseStatus,
    updatedAt: lead.updatedAt,
    state: leadStateOf(lead),
    withdrawnAt: lead.withdrawn?.at ?? null,
    withdrawReason: lead.withdrawn?.reason ?? null,
  };
}

/** A non-negative integer query parameter, `fallback` when absent; 400 when malformed. */
function intParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max) throw new HttpError(400, `参数 ${name} 应为 0 到 ${max} 之间的整数`);
  return value;
}

/** Register the intake routes on `router`. */
export function registerIntakeApi(router: Router, deps: IntakeDeps): void {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const quota = new IntakeQuota(store, deps.limits ?? DEFAULT_INTAKE_LIMITS);
  if (deps.progress) registerSelfCheckApi(router, { store, progress: deps.progress, quota, now });

  router.post(LEADS_PATH, async ({ req, res }: RequestContext) => {
    const enterprise = await authenticate(store, req);
    quota.takeRequest(enterprise.id, now());
    const body = await readJson(req, MAX_LEAD_BODY_BYTES);
    const parsed = parseLead(body, now());
    if ('problems' in parsed) {
      throw new HttpError(400, `线索有误：${parsed.problems.join('；')}`, { problems: parsed.problems });
    }
    await quota.checkDay(enterprise.id, now());
    const outcome = await store.ingestLead(enterprise.id, parsed.lead);
    const { lead, created } = outcome;
    if ('conflict' in outcome) {
      log.warn(
        { enterprise: enterprise.id, lead: lead.id, id: maskId(parsed.lead.idNumber) },
        '同编号的线索内容不同，未接收',
      );
      throw new HttpError(409, outcome.conflict, { lead: leadForEnterprise(lead) });
    }
    log.info(
      { enterprise: enterprise.id, lead: lead.id, id: maskId(lead.idNumber), kind: lead.kind, created },
      created ? '收到线索' : '线索已在库中（重发）',
    );
    sendJson(res, created ? 201 : 200, { created, lead: leadForEnterprise(lead) });
  });

  router.post(`${LEADS_PATH}/:id/withdraw`, async ({ req, res, params }: RequestContext) => {
    const enterprise = await authenticate(store, req);
    const body = await readJson(req, MAX_WITHDRAWAL_BODY_BYTES);
    const parsed = parseWithdrawal(body, now());
    if ('problems' in parsed) {
      throw new HttpError(400, `撤回有误：${parsed.problems.join('；')}`, { problems: parsed.problems });
    }
    const sourceId = params.id ?? '';
    const done = await store.withdrawLead(enterprise.id, sourceId, parsed.reason, parsed.withdrawnAt);
    if (!done) throw new HttpError(404, `本企业没有编号为 ${sourceId.slice(0, 100)} 的线索`);
    log.info(
      { enterprise: enterprise.id, lead: done.lead.id, changed: done.changed },
      done.changed ? '企业撤回了线索' : '线索已撤回（重发）',
    );
    sendJson(res, 200, { withdrawn: true, changed: done.changed, lead: leadForEnterprise(done.lead) });
  });

  router.get(LEADS_PATH, async ({ req, res, url }: RequestContext) => {
    const enterprise = await authenticate(store, req);
    const limit = intParam(url, 'limit', 50, MAX_PAGE);
    const offset = intParam(url, 'offset', 0, MAX_LIST_OFFSET);
    const { rows, total, totalCapped } = await store.listLeads(
      { role: 'enterprise', enterpriseId: enterprise.id },
      { limit, offset },
    );
    sendJson(res, 200, {
      enterprise: enterprise.name,
      total,
      totalCapped,
      limit,
      offset,
      leads: rows.map(leadForEnterprise),
    });
  });
}
