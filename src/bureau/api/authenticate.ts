/**
 * Who is calling the intake API: the enterprise whose token the request carries (`Authorization: Bearer
 * TOKEN`); a missing, forged or unknown token is 401 before anything else.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/json.js';
import type { BureauStore, Enterprise } from '../store/types.js';

/** The enterprise whose token `req` carries; 401 otherwise. */
export async function authenticate(store: BureauStore, req: IncomingMessage): Promise<Enterprise> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const enterprise = token === undefined ? undefined : await store.enterpriseByToken(token);
  if (!enterprise) {
    throw new HttpError(
      401,
      token === undefined
        ? '缺少令牌：请在请求头 Authorization: Bearer 后附上应急管理局发给本企业的令牌'
        : '令牌无效：请向应急管理局核对本企业的令牌',
      {},
      { 'www-authenticate': 'Bearer realm="bureau"' },
    );
  }
  return enterprise;
}
