import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../helpers/console-client.js';
import { type ConsoleWorld, PASSWORDS, startConsole } from './console-harness.js';

let world: ConsoleWorld;

// Opening PGlite and hashing three passwords takes a while on a busy machine.
beforeAll(async () => {
  world = await startConsole();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const client = () => new ConsoleClient(world.url);

async function staff(): Promise<ConsoleClient> {
  const c = client();
  expect((await c.signIn('duty', PASSWORDS.duty)).status).toBe(303);
  return c;
}

async function sheetText(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}

describe('signing in', () => {
  it('sends a visitor to sign in, and lets a staff member in with a strict httpOnly cookie', async () => {
    const c = client();
    const before = await c.get('/leads');
    expect(before.status).toBe(303);
    expect(before.headers.get('location')).toBe('/login');
    const wrong = await c.signIn('duty', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('账号或密码不正确');
    const ok = await c.signIn('duty', PASSWORDS.duty);
    expect(ok.status).toBe(303);
    const session = ok.headers.getSetCookie().find((line) => line.startsWith('bureau_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    const list = await c.get('/leads');
    expect(list.status).toBe(200);
    expect(list.text).toContain('线索列表');
    expect(list.text).toContain('110105********0135');
    expect(list.text).not.toContain('110105198503120135');
  });

  it('keeps only the hash of the session id in the database', async () => {
    const c = await staff();
    const token = c.cookies.get('bureau_session') as string;
    expect(await world.sessionIdsStored()).not.toContain(token);
    expect((await world.sessionIdsStored()).length).toBeGreaterThan(0);
  });

  it('sends the security headers on every page and static file', async () => {
    const c = await staff();
    for (const path of ['/leads', '/login', '/assets/console.css', '/assets/echarts.min.js']) {
      const answer = await c.get(path);
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const page = await c.get('/leads');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it('serves its own scripts with cache headers and answers 304 to a matching ETag', async () => {
    const c = client();
    const first = await c.get('/assets/echarts.min.js');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('max-age=');
    expect(first.text.length).toBeGreaterThan(500_000);
    const again = await c.get('/assets/echarts.min.js', {
      'if-none-match': first.headers.get('etag') as string,
    });
    expect(again.status).toBe(304);
  });

  it('ends the session at logout, also for a copy of the cookie', async () => {
    const c = await staff();
    const copy = client();
    copy.cookies.set('bureau_session', c.cookies.get('bureau_session') as string);
    expect((await copy.get('/leads')).status).toBe(200);
    await c.get('/leads');
    expect((await c.post('/logout', {})).status).toBe(303);
    expect((await copy.get('/leads')).status).toBe(303);
  });

  it('ends a session after its working day', async () => {
    const c = await staff();
    world.advance(9 * 60);
    expect((await c.get('/leads')).headers.get('location')).toBe('/login');
  });
});

describe('limited sign-in attempts', () => {
  it('locks a login after five failures, even for the right password, and opens it after the lockout', async () => {
    const c = client();
    for (let i = 0; i < 4; i++) expect((await c.signIn('locked-user', 'wrong-password')).status).toBe(401);
    const fifth = await c.signIn('locked-user', 'wrong-password');
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain('登录失败次数过多，已暂时锁定，请 15 分钟后再试');
    expect((await c.signIn('locked-user', PASSWORDS['locked-user'])).status).toBe(429);
    world.advance(16);
    expect((await c.signIn('locked-user', PASSWORDS['locked-user'])).status).toBe(303);
  });

  it('locks an address after twenty failures across logins', async () => {
    const c = client();
    c.localAddress = '127.0.0.7';
    for (let i = 0; i < 19; i++) expect((await c.signIn(`guess-${i}`, 'wrong-password')).status).toBe(401);
    expect((await c.signIn('guess-19', 'wrong-password')).status).toBe(429);
    expect((await c.signIn('duty', PASSWORDS.duty)).status).toBe(429);
    c.localAddress = '127.0.0.1';
    expect((await c.signIn('duty', PASSWORDS.duty)).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses a move without the token, with a wrong token, from another origin, or with no origin', async () => {
    const c = await staff();
    const id = world.leads.a1;
    await c.get(`/leads/${id}`);
    const fields = { to: 'investigating', from: 'new', note: '' };
    expect((await c.post(`/leads/${id}/status`, { ...fields, csrf: '' })).status).toBe(403);
    expect((await c.post(`/leads/${id}/status`, { ...fields, csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await c.post(`/leads/${id}/status`, fields, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await c.post(`/leads/${id}/status`, fields, { origin: 'null' })).status).toBe(403);
    expect((await c.post(`/leads/${id}/status`, fields, {})).status).toBe(403);
    const other = await staff();
    expect((await c.post(`/leads/${id}/status`, { ...fields, csrf: other.csrf })).status).toBe(403);
    expect((await c.get(`/leads/${id}`)).text).not.toContain('→ 核查中');
  });

  it('refuses a sign-in form posted without its own token', async () => {
    const c = client();
    await c.get('/login');
    expect((await c.post('/login', { login: 'duty', password: PASSWORDS.duty, csrf: 'forged' })).status).toBe(
      403,
    );
  });

  it('moves a case with the token, keeping who, when and the note in the history', async () => {
    const c = await staff();
    const id = world.leads.a1;
    await c.get(`/leads/${id}`);
    const moved = await c.post(`/leads/${id}/status`, {
      to: 'investigating',
      from: 'new',
      note: '电话核实中',
    });
    expect(moved.status).toBe(303);
    const page = await c.get(`/leads/${id}`);
    expect(page.text).toContain('新线索 → 核查中');
    expect(page.text).toContain('电话核实中');
    expect(page.text).toContain('改为「已移送公安」');
    const stale = await c.post(`/leads/${id}/status`, { to: 'investigating', from: 'new', note: '重复' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('已被他人改为「核查中」');
    const skip = await c.post(`/leads/${id}/status`, { to: 'closed', from: 'investigating', note: '跳过' });
    expect(skip.status).toBe(409);
    expect(skip.text).toContain('「核查中」的线索只能改为「已移送公安」或「已排除」，不能直接改为「结案」');
    expect(skip.text).toContain('跳过');
  });
});

describe('an enterprise admin', () => {
  const tryMove = (c: ConsoleClient, id: number) =>
    c.post(`/leads/${id}/status`, { to: 'investigating', from: 'new', note: '' });

  async function admin(): Promise<ConsoleClient> {
    const c = client();
    expect((await c.signIn('admin-a', PASSWORDS['admin-a'])).status).toBe(303);
    return c;
  }

  it('sees only its own enterprise, also when filtering on another', async () => {
    const c = await admin();
    const list = await c.get('/leads');
    expect(list.text).toContain(`/leads/${world.leads.a1}"`);
    expect(list.text).not.toContain(`/leads/${world.leads.b1}"`);
    expect(list.text).not.toContain('乙化工');
    const other = await c.get(`/leads?enterprise=${world.enterprises.b}`);
    expect(other.text).toContain('id="lead-total">0<');
    const enterprises = await c.get('/enterprises');
    expect(enterprises.text).toContain('甲建筑公司');
    expect(enterprises.text).not.toContain('乙化工');
  });

  it('gets 404 for another enterprise’s lead, its status form, and ids that do not exist', async () => {
    const c = await admin();
    await c.get('/leads');
    for (const path of [`/leads/${world.leads.b1}`, '/leads/999999', '/leads/0', '/leads/abc'])
      expect((await c.get(path)).status).toBe(404);
    const b = await c.get(`/leads/${world.leads.b1}`);
    const missing = await c.get('/leads/999999');
    expect(b.text).toBe(missing.text);
    expect((await tryMove(c, world.leads.b1)).status).toBe(404);
  });

  it('has no status buttons and cannot move its own cases', async () => {
    const c = await admin();
    const page = await c.get(`/leads/${world.leads.a2}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/status"');
    expect((await tryMove(c, world.leads.a2)).status).toBe(403);
  });

  it('sees masked ID numbers on the lead page, and not the other enterprise’s lead about the same person', async () => {
    const c = await admin();
    const page = await c.get(`/leads/${world.leads.a1}`);
    expect(page.text).toContain('110105********0135');
    expect(page.text).not.toContain('110105198503120135');
    expect(page.text).not.toContain(`/leads/${world.leads.b1}"`);
  });

  it('exports only its own leads, masked, whatever enterprise the export URL names', async () => {
    const c = await admin();
    const file = await c.download(`/leads/export.xlsx?enterprise=${world.enterprises.b}`);
    expect(file.status).toBe(200);
    const own = await c.download('/leads/export.xlsx');
    const text = (await sheetText(own.body)).flat().join('\n');
    expect(text).toContain('甲建筑公司');
    expect(text).not.toContain('乙化工');
    expect(text).toContain('110105********0135');
    expect(text).not.toContain('110105198503120135');
    const stats = (
      await sheetText((await c.download('/figures/export.xlsx?from=2026-10&to=2026-11')).body)
    ).flat();
    expect(stats.join('\n')).not.toContain('乙化工');
  });
});

describe('staff pages', () => {
  it('shows the full ID number and the same person’s leads from other enterprises on the lead page', async () => {
    const c = await staff();
    const page = await c.get(`/leads/${world.leads.a1}`);
    expect(page.text).toContain('110105198503120135');
    expect(page.text).toContain(`/leads/${world.leads.b1}"`);
  });

  it('filters by enterprise, kind, month and search', async () => {
    const c = await staff();
    const count = async (query: string) =>
      Number(/id="lead-total">(\d+)</.exec((await c.get(`/leads?${query}`)).text)?.[1]);
    expect(await count('')).toBe(3);
    expect(await count(`enterprise=${world.enterprises.b}`)).toBe(1);
    expect(await count('kind=impersonation')).toBe(1);
    expect(await count('month=2026-10')).toBe(1);
    expect(await count('q=张伟')).toBe(2);
    expect(await count(`q=${encodeURIComponent('110105********0135')}`)).toBe(2);
  });

  it('exports the filtered list as 线索清单 with full ID numbers and the month as 月度统计', async () => {
    const c = await staff();
    const file = await c.download('/leads/export.xlsx?month=2026-11');
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('疑似假证线索清单'));
    const rows = await sheetText(file.body);
    expect(rows[0]?.[0]).toBe('疑似假证线索清单');
    const text = rows.flat().join('\n');
    expect(text).toContain('110105198503120135');
    expect(text).not.toContain('乙化工');
    const stats = await sheetText((await c.download('/figures/export.xlsx?from=2026-10&to=2026-11')).body);
    expect(stats[0]?.[0]).toContain('月度统计');
    expect(stats.flat().join('\n')).toContain('乙化工<厂>');
  });

  it('lists enterprises with their counts', async () => {
    const c = await staff();
    const page = await c.get('/enterprises');
    expect(page.text).toContain('甲建筑公司');
    expect(page.text).toContain('乙化工&lt;厂&gt;');
  });
});

describe('HTML injection', () => {
  it('renders a lead’s name, item, evidence and the enterprise name as inert text everywhere', async () => {
    const c = await staff();
    const pages = [
      (await c.get(`/leads/${world.leads.a2}`)).text,
      (await c.get('/leads')).text,
      (await c.get('/enterprises')).text,
      (await c.get('/figures?from=2026-10&to=2026-11')).text,
      (await c.get(`/leads/${world.leads.b1}`)).text,
    ];
    for (const text of pages) {
      expect(text).not.toMatch(/<script>|<img|<svg|<b>/i);
      expect(text).not.toMatch(/<[^>]*\son\w+=/i);
      expect(text.match(/<script/g)?.length ?? 0).toBe((text.match(/<script src="\/assets\//g) ?? []).length);
    }
    const lead = pages[0] as string;
    expect(lead).toContain('&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;');
    expect(lead).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(lead).toContain('&lt;b&gt;key&lt;/b&gt;');
  });

  it('keeps a note with markup inert in the history', async () => {
    const c = await staff();
    const id = world.leads.a2;
    await c.get(`/leads/${id}`);
    await c.post(`/leads/${id}/status`, {
      to: 'investigating',
      from: 'new',
      note: '<script>alert(4)</script>',
    });
    const page = await c.get(`/leads/${id}`);
    expect(page.text).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(4)');
  });
});

describe('bad filter values', () => {
  it('names each bad value in Chinese and shows no list', async () => {
    const c = await staff();
    const cases: Array<[string, string]> = [
      ['month=2026-13', '月份应写作“年-月”'],
      ["month=2026-11' or 1=1--", '月份应写作“年-月”'],
      ['kind=forged', '线索类别有误'],
      ['status=deleted', '案件状态有误'],
      ['enterprise=1%20or%201=1', '企业选择有误'],
      ['page=-1', '页码应为正整数'],
      [`q=${'张'.repeat(41)}`, '搜索内容太长'],
    ];
    for (const [query, message] of cases) {
      const answer = await c.get(`/leads?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.text, query).toContain(message);
      expect(answer.text, query).not.toContain('id="lead-total"');
    }
    const figures = await c.get('/figures?from=2026-12&to=2026-01');
    expect(figures.status).toBe(400);
    expect(figures.text).toContain('起始月份不能晚于截止月份');
    expect((await c.get('/leads?q=%27%3B%20drop%20table%20leads%3B--')).status).toBe(200);
    expect(await world.leadCount()).toBe(3);
  });
});

describe('a list longer than the store counts', () => {
  it('says "more than", pages on, and refuses an export it would have to cut short', async () => {
    await world.addJanuaryLeads(10_001);
    const c = await staff();
    const list = await c.get('/leads?month=2026-01');
    expect(list.text).toContain('超过 <strong id="lead-total">10000</strong> 条线索');
    expect(list.text).toContain('rel="next"');
    const refused = await c.get('/leads/export.xlsx?month=2026-01');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('超过一次导出的上限 10000 条，请按月份或企业缩小范围后再导出');
    const figures = await c.get('/figures/export.xlsx?from=2026-01&to=2026-11');
    expect(figures.status).toBe(400);
    expect((await c.download('/leads/export.xlsx?month=2026-11')).status).toBe(200);
  }, 120_000);
});
