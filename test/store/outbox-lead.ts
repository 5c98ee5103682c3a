/** A `fake_certificate` lead as the outbox tests queue it. */
import type { LeadReport } from '../../src/domain/lead.js';
import { makeId } from '../domain/ids.js';

export const outboxLead = (id: string): LeadReport => ({
  id,
  kind: 'fake_certificate',
  status: 'not_found',
  idNumber: makeId('110105', '19850312', '013'),
  evidence: { platformSaid: '没有查询到相关证件信息' },
  foundAt: '2026-05-10T02:00:00.000Z',
});
