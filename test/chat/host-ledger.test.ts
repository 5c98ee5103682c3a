/**
 * The ledger's daily rounds start from the chat host's timer: a host over the real services ticks the ledger
 * scheduler at start, the digest due goes back through the door the ledger's chat names, and `stop` ends the
 * rounds before the store is closed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { servicesHandlerFactory } from '../../src/app/compose.js';
import { ChatHost } from '../../src/chat/host.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { openStore } from '../../src/store/store.js';
import { cert, person, ZHANG } from '../verify/ledger-helpers.js';
import { FakeTransport } from './fake-transport.js';
import { appConfig, tempDir, unaskedNational } from './helpers.js';

const TODAY = '2026-11-24';
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

describe('the host’s timer and the ledgers', () => {
  it('pushes the digest due through the ledger’s door, and stops with the host', async () => {
    const config = appConfig(dir, TODAY);
    // Due at any hour of the real clock.
    config.ledger = { ...config.ledger, remindHour: 0, recheckHour: 0 };
    const store = await openStore(dir, { cache: config.cache });
    const ledger = await LedgerStore.open(store);
    await ledger.change('甲公司', (book) => {
      book.people.push(
        person(ZHANG, '张伟', {
          latest: { status: 'expiring', judgedOn: TODAY, certificate: cert(ZHANG, '张伟', '2026-12-20') },
        }),
      );
      book.chat = { door: 'wecom', userId: 'wanggong', via: { chattype: 'single' } };
    });
    await store.close();

    const national = unaskedNational('not asked: the only person was verified today');
    const [mp, wecom] = [new FakeTransport('mp'), new FakeTransport('wecom')];
    const host = new ChatHost({
      handler: servicesHandlerFactory({ config, today: TODAY }, { national }),
      transports: [mp, wecom],
      retryEveryMs: 3_600_000,
      tickEveryMs: 3_600_000,
    });
    await host.start();
    await vi.waitFor(() => expect(wecom.texts()).toHaveLength(1), { timeout: 10_000 });
    await host.tick();
    await host.stop();
    expect(mp.delivered).toEqual([]);
    expect(wecom.delivered[0]?.to).toMatchObject({ userId: 'wanggong' });
    expect(wecom.texts()[0]).toContain('张伟 110105********0135');
    expect(wecom.texts()).toHaveLength(1);

    const reopened = await openStore(dir, { cache: config.cache });
    const after = await LedgerStore.open(reopened);
    expect(after.book('甲公司')?.lastDigestOn).toBe(TODAY);
    expect(Object.keys(after.book('甲公司')?.sent ?? {})).toHaveLength(1);
    await reopened.close();
  });
});
