/**
 * The WeCom relay's table on a real database: a reply WeCom refuses does not hold back the ones behind it, is
 * tried again after its backoff and given up after the bound; a file's bytes come back as they went in; a
 * connection gone ends the round and leaves the rows as they were.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WecomRelay } from '../../../../src/chat/transports/wecom/relay.js';
import { type ChatReply, textReply } from '../../../../src/chat/types.js';
import type { SqlDb } from '../../../../src/sql/db.js';
import { DATABASES, PGLITE_START_MS } from '../../../helpers/databases.js';
import { migrateStore } from '../../../helpers/store-schema.js';

const TO = {
  door: 'wecom' as const,
  userId: 'zhangsan',
  via: { chattype: 'single', chatid: 'zhangsan', frame: 'f' },
};

function textOf(reply: ChatReply): string {
  return reply.content.kind === 'text' ? reply.content.text : reply.content.file.name;
}

describe.each(DATABASES)('the WeCom relay on %s', (_label, database) => {
  let db: SqlDb;
  let drop: () => Promise<void>;
  let relay: WecomRelay;

  beforeEach(async () => {
    const opened = await database.open();
    await migrateStore(opened.db);
    db = opened.db;
    drop = opened.drop;
    relay = new WecomRelay(db, 'holder-a');
  }, PGLITE_START_MS);
  afterEach(async () => {
    await drop();
  });

  it('a refused reply does not hold back the rest, waits its backoff, then goes', async () => {
    for (const text of ['第一条', '被拒的一条', '第三条']) await relay.push(textReply(TO, text));
    const sent: string[] = [];
    const send = async (reply: ChatReply): Promise<void> => {
      if (textOf(reply) === '被拒的一条')
        throw new Error('WeCom errcode 93000: 身份证 110101199003071234 无效');
      sent.push(textOf(reply));
    };

    expect(await relay.drain(send, () => true)).toEqual({ sent: 2, failed: 1, givenUp: 0 });
    expect(sent).toEqual(['第一条', '第三条']);
    const [row] = await db.query<{ attempts: number; last_error: string; waits: boolean; address: unknown }>(
      `select attempts, last_error, next_attempt_at > now() + interval '20 seconds' as waits, address
       from wecom_relay`,
    );
    expect(row?.attempts).toBe(1);
    expect(row?.waits).toBe(true);
    expect(row?.last_error).toContain('93000');
    expect(row?.last_error).not.toContain('110101199003071234');
    expect(row?.address).toEqual({
      door: 'wecom',
      userId: 'zhangsan',
      via: { chattype: 'single', chatid: 'zhangsan' },
    });

    // Within its backoff it is not tried.
    const again: string[] = [];
    expect(
      await relay.drain(
        async (r) => void again.push(textOf(r)),
        () => true,
      ),
    ).toEqual({
      sent: 0,
      failed: 0,
      givenUp: 0,
    });
    expect(again).toEqual([]);

    // A second refusal doubles the wait.
    await db.query(`update wecom_relay set next_attempt_at = now() - interval '1 second'`);
    expect(await relay.drain(send, () => true)).toMatchObject({ failed: 1 });
    const [second] = await db.query<{ attempts: number; waits: boolean }>(
      `select attempts, next_attempt_at > now() + interval '50 seconds' as waits from wecom_relay`,
    );
    expect(second).toEqual({ attempts: 2, waits: true });

    await db.query(`update wecom_relay set next_attempt_at = now() - interval '1 second'`);
    expect(
      await relay.drain(
        async (r) => void again.push(textOf(r)),
        () => true,
      ),
    ).toMatchObject({ sent: 1 });
    expect(again).toEqual(['被拒的一条']);
    expect(await db.query('select 1 from wecom_relay')).toHaveLength(0);
  });

  it('a reply kept past the bound is given up unsent; a younger one is not', async () => {
    await relay.push(textReply(TO, '过期的一条'));
    await db.query(`update wecom_relay set created_at = now() - interval '25 hours'`);
    await relay.push(textReply(TO, '新的一条'));
    const sent: string[] = [];
    expect(
      await relay.drain(
        async (r) => void sent.push(textOf(r)),
        () => true,
      ),
    ).toEqual({
      sent: 1,
      failed: 0,
      givenUp: 1,
    });
    expect(sent).toEqual(['新的一条']);
    expect(await db.query('select 1 from wecom_relay')).toHaveLength(0);
  });

  it("a file's bytes come back intact", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 0x50, 0x4b, 3, 4, ...Buffer.from('名单')]);
    await relay.push({ to: TO, content: { kind: 'file', file: { name: '名单.核验结果.xlsx', bytes } } });
    const got: ChatReply[] = [];
    await relay.drain(
      async (r) => void got.push(r),
      () => true,
    );
    expect(got).toHaveLength(1);
    const content = got[0]?.content;
    expect(content?.kind).toBe('file');
    if (content?.kind !== 'file') return;
    expect(content.file.name).toBe('名单.核验结果.xlsx');
    expect(Buffer.compare(content.file.bytes, bytes)).toBe(0);
  });

  it('a connection gone ends the round and leaves the rows due, untouched', async () => {
    for (const text of ['一', '二', '三']) await relay.push(textReply(TO, text));
    let tried = 0;
    await expect(
      relay.drain(
        async () => {
          tried++;
          throw new Error('connection closed');
        },
        () => false,
      ),
    ).rejects.toThrow('connection closed');
    expect(tried).toBe(1);
    const rows = await db.query<{ attempts: number; lease_holder: string | null }>(
      'select attempts, lease_holder from wecom_relay order by seq',
    );
    expect(rows).toEqual([0, 0, 0].map((attempts) => ({ attempts, lease_holder: null })));
  });

  it('rows claimed by one holder are skipped by another during a handover', async () => {
    await relay.push(textReply(TO, '只发一次'));
    const other = new WecomRelay(db, 'holder-b');
    const sent: string[] = [];
    let inside: Promise<unknown> | undefined;
    await relay.drain(
      async (r) => {
        // While holder-a has the row in hand, holder-b's round finds nothing to send.
        inside = other.drain(
          async (o) => void sent.push(`b:${textOf(o)}`),
          () => true,
        );
        await inside;
        sent.push(`a:${textOf(r)}`);
      },
      () => true,
    );
    expect(await inside).toEqual({ sent: 0, failed: 0, givenUp: 0 });
    expect(sent).toEqual(['a:只发一次']);
  });
});
