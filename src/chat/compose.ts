/**
 * The chat handler over the application's services (built by src/app/services.ts), for the transports:
 * the Wechaty plugin and the console.
 */
import { createServices } from '../app/services.js';
import type { CliContext } from '../cli/context.js';
import { parseChatId } from '../config/chat-ids.js';
import type { Config } from '../config/schema.js';
import { logger } from '../util/logger.js';
import { type ChatHandler, createChatHandler } from './handler.js';
import { ChatOperatorChannel } from './operator-channel.js';
import type { ChatSend } from './types.js';

const log = logger('chat-compose');

/** A handler and how to release what it holds. */
export interface ComposedHandler {
  handler: ChatHandler;
  close(): Promise<void>;
}

/** Builds the handler once the transport can send. */
export type HandlerFactory = (send: ChatSend) => Promise<ComposedHandler>;

/** The chat operator for captchas when the `operator` solver is configured (answers come from the first admin). */
export function operatorFor(config: Config): ChatOperatorChannel | undefined {
  const [firstAdmin] = config.chat.admins;
  return config.captcha.chain.includes('operator')
    ? new ChatOperatorChannel(firstAdmin === undefined ? undefined : parseChatId(firstAdmin).id)
    : undefined;
}

/** A factory building the application's services and the handler over them. */
export function servicesHandlerFactory(ctx: CliContext): HandlerFactory {
  return async (send) => {
    const operator = operatorFor(ctx.config);
    operator?.connect(send);
    const app = await createServices(ctx, { operator, send });
    const handler = await createChatHandler({ config: ctx.config.chat, services: app.chat, send, operator });
    // Rosters a restart interrupted are finished and sent in the background; new messages are not held up.
    app.resumeBatches().catch((error) => log.error({ err: error }, 'resuming batch jobs failed'));
    return { handler, close: () => app.close() };
  };
}
