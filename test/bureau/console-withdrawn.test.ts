/**
 * A lead its enterprise withdrew, in the bureau's console: marked 已撤回 in the list (a badge), found by the
 * state filter, its page saying when and why, its case history showing the withdrawal; never deleted, and staff
 * can still move its case to the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../helpers/console-client.js';
import { type ConsoleWorld, PASSWORDS, startConsole } from './console-harness.js';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsole();
  await world.withdraw(world.leads.a1, '复核时已在全国平台查到该人员的证书', '2026-11-20T02:00:00.000Z');
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function staff(): Promise<ConsoleClient> {
  const c = new ConsoleClient(world.url);
  expect((await c.signIn('duty', PASSWORDS.duty)).status).toBe(303);
  return c;
}

const total = (text: string) => Number(/id="lead-total">(\d+)</.exec(text)?.[1]);

describe('a withdrawn lead in the console', () => {
  it('is listed with a badge, filtered by state, and never deleted', async () => {
    const c = await staff();
    const list = await c.get('/leads');
    expect(total(list.text)).toBe(3);
    expect(list.text).toContain('<span class="badge withdrawn"');
    expect(list.text.match(/class="badge withdrawn"/g)).toHaveLength(1);
    const withdrawn = await c.get('/leads?state=withdrawn');
    expect(total(withdrawn.text)).toBe(1);
    expect(withdrawn.text).toContain(`/leads/${world.leads.a1}"`);
    expect(total((await c.get('/leads?state=reported')).text)).toBe(2);
    expect((await c.get('/leads?state=gone')).text).toContain('线索状态有误');
    expect(await world.leadCount()).toBe(3);
  });

  it('shows when and why on its page and in its history; staff can still close the case', async () => {
    const c = await staff();
    const id = world.leads.a1;
    const page = await c.get(`/leads/${id}`);
    expect(page.text).toContain('已撤回');
    expect(page.text).toContain('2026-11-20 10:00');
    expect(page.text).toContain('复核时已在全国平台查到该人员的证书');
    expect(page.text).toContain('企业撤回：甲建筑公司');
    const moves: Array<[string, string]> = [
      ['new', 'investigating'],
      ['investigating', 'dismissed'],
      ['dismissed', 'closed'],
    ];
    for (const [from, to] of moves) {
      await c.get(`/leads/${id}`);
      const moved = await c.post(`/leads/${id}/status`, { to, from, note: '企业已撤回', csrf: c.csrf });
      expect(moved.status).toBe(303);
    }
    const closed = await c.get(`/leads/${id}`);
    expect(closed.text).toContain('本案已结案');
    expect(closed.text).toContain('已撤回');
  });
});
