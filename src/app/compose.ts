/**
 * The chat handler over the application's services (built by services.ts), for the chat host and its doors.
 */
import { createChatHandler } from '../chat/core/handler.js';
import { ChatOperatorChannel } from '../chat/core/operator-channel.js';
import type { HandlerFactory } from '../chat/host.js';
import type { Config } from '../config/schema.js';
import { logger } from '../util/logger.js';
import type { AppContext } from './context.js';
import { LeadReviewTicker } from './lead-review.js';
import { createServices, type ServiceOptions } from './services.js';

const log = logger('chat-compose');

/** The chat operator for captchas when the `operator` solver is configured (the first admin answers). */
export function operatorFor(config: Config): ChatOperatorChannel | undefined {
  return config.captcha.chain.includes('operator')
    ? new ChatOperatorChannel(config.chat.admins[0])
    : undefined;
}

/** A factory building the application's services and the handler over them (`national`: tests pass a fake). */
export function servicesHandlerFactory(
  ctx: AppContext,
  options: Pick<ServiceOptions, 'national'> = {},
): HandlerFactory {
  return async (send, reachable) => {
    const operator = operatorFor(ctx.config);
    operator?.connect(send);
    const app = await createServices(ctx, { ...options, operator, send, reachable, exclusive: true });
    const handler = await createChatHandler({
      config: ctx.config.chat,
      services: app.chat,
      send,
      operator,
      reachable,
    });
    // Rosters a restart interrupted, or an instance that died left (its lease ran out), are finished and sent
    // in the background, now and on every tick; new messages are not held up.
    const resumeBatches = () =>
      void app.resumeBatches().catch((error) => log.error({ err: error }, 'resuming batch jobs failed'));
    resumeBatches();
    const scheduler = app.ledger.scheduler();
    const leads = new LeadReviewTicker(
      (signal) => app.reviewLeads(signal),
      app.leads.outbox,
      send,
      reachable,
    );
    return {
      handler,
      db: app.store.db,
      tick: async () => {
        resumeBatches();
        await scheduler.tick();
        await leads.tick();
      },
      async close() {
        await Promise.all([scheduler.stop(), leads.stop()]);
        await app.close();
      },
    };
  };
}
