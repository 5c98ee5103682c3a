/**
 * The chat handler: plain messages in, replies out through `send`. It knows nothing of Wechaty or the terminal.
 * Every message is handled on its own: an error is logged with the message id and answered with an apology,
 * and the next message is answered as usual.
 */
import { type ChatDoor, chatIdEntry } from '../../config/chat-ids.js';
import { withClaims } from '../../domain/absence.js';
import { CertVerifyError } from '../../domain/errors.js';
import { sniffImage } from '../../domain/image-format.js';
import { maskIdsInText } from '../../domain/mask.js';
import { assertNever } from '../../domain/status.js';
import { parseTextQueries } from '../../domain/text-query.js';
import { wordsOf } from '../../domain/text-words.js';
import { isSheetFile } from '../../roster/read/file-kind.js';
import { logger } from '../../util/logger.js';
import {
  type ChatAddress,
  type ChatFile,
  type ChatInput,
  type ChatSend,
  replyAddress,
  textReply,
} from '../types.js';
import { type ChatConfig, decideAccess } from './access.js';
import { parseCommand, REPORT_NAMES } from './commands.js';
import { cleanFileName } from './file-name.js';
import { LedgerChat, ledgerHelpLines, mayManageLedger } from './ledger-commands.js';
import { PendingAnswers } from './pending-answers.js';
import { PendingNames } from './pending-names.js';
import { PhotoFlow } from './photo-flow.js';
import { QueryFlow } from './query-flow.js';
import { QueryRateLimit } from './rate-limit.js';
import {
  adminOnlyText,
  apologyText,
  batchStartText,
  exportUsageText,
  helpText,
  myIdText,
  notUnderstoodText,
  refusalText,
  statsText,
  unsupportedFileText,
} from './replies.js';
import type { ChatServices, PaperKind } from './services.js';
import { type Turn, turnOf } from './turn.js';
import { VerdictCounter } from './verdict-counter.js';

const log = logger('chat');

export interface ChatHandlerOptions {
  config: ChatConfig;
  services: ChatServices;
  send: ChatSend;
  /** The captcha operator, offered every text first (an admin's 4-digit answer is consumed there). */
  operator?: { receive(sender: { id: string; name: string }, text: string, door?: ChatDoor): boolean };
  /** Whether a queued answer's door can send now (see PendingAnswers); default: always. */
  reachable?: (to: ChatAddress) => boolean;
  /** How long a query waits for its name (default 10 minutes). */
  nameTtlMs?: number;
  /** How long an unverifiable query is retried before giving up (default 24 hours). */
  pendingMaxAgeMs?: number;
  /** Say "正在识别图片…" when reading a photo takes longer than this (default 1.5 s). */
  photoProgressAfterMs?: number;
}

export interface ChatHandler {
  /** Handle one message; never rejects. */
  handle(input: ChatInput): Promise<void>;
  /** Ask again for the queued unverifiable queries; resolves with how many got answered. Never rejects. */
  retryPending(): Promise<number>;
}

/** Pictures by name: checked as photos even when their bytes are no picture (the reader then says so). */
const PICTURE_FILE = /\.(jpe?g|png|webp|gif|bmp|heic|heif)$/i;

/** Build the handler (opens its documents `chat-stats` and `chat-budget`; pending answers are a table). */
export async function createChatHandler(options: ChatHandlerOptions): Promise<ChatHandler> {
  const { config, services, send } = options;
  const counter = await VerdictCounter.open(services.store);
  const pending = new PendingAnswers({
    db: services.store.db,
    services,
    send,
    maxAgeMs: options.pendingMaxAgeMs ?? 24 * 3_600_000,
    reachable: options.reachable,
    onAnswered: (item, verdict) => counter.record(item.scopeKey, [verdict.status]),
  });
  const limit = await QueryRateLimit.open(services.store, config);
  const nameTtlMs = options.nameTtlMs ?? 10 * 60_000;
  const flow = new QueryFlow({
    services,
    send,
    limit,
    names: new PendingNames(nameTtlMs),
    pending,
    counter,
  });
  const photos = new PhotoFlow({
    services,
    send,
    limit,
    queries: flow,
    waitMs: nameTtlMs,
    progressAfterMs: options.photoProgressAfterMs ?? 1_500,
  });
  const say = (turn: Turn, text: string) => send(textReply(turn.to, text));
  const ledger = new LedgerChat(config, services, send);
  const ledgerHelp = (turn: Turn) => (services.ledger ? ledgerHelpLines(mayManageLedger(config, turn)) : []);

  async function receiveFile(turn: Turn, file: ChatFile): Promise<void> {
    if (sniffImage(file.bytes) || PICTURE_FILE.test(file.name)) return photos.receive(turn, file);
    if (!isSheetFile(file.name, file.bytes)) return say(turn, unsupportedFileText(file.name));
    if (ledger.takesRoster(turn)) return ledger.importRoster(turn, file);
    say(turn, batchStartText(file.name));
    const result = await services.runBatch(
      file,
      turn.requester,
      (line) => say(turn, line),
      turn.to,
      turn.fullIds,
    );
    for (const file of result.files) send({ to: turn.to, content: { kind: 'file', file } });
    say(turn, result.summary);
  }

  async function stats(turn: Turn): Promise<void> {
    const all = await services.store.findings.list(turn.enterprise ? { enterprise: turn.enterprise } : {});
    const mine = turn.enterprise
      ? all
      : all.filter((f) =>
          turn.input.room
            ? f.requester.room === turn.requester.room
            : f.requester.userId === turn.requester.userId,
        );
    say(turn, statsText(turn.scopeName, await counter.counts(turn.scopeKey), mine));
  }

  async function exportReport(turn: Turn, report: PaperKind | undefined): Promise<void> {
    if (!turn.admin) return say(turn, adminOnlyText());
    if (!report) return say(turn, exportUsageText(REPORT_NAMES));
    const file = await services.exportReport(report, turn.requester, turn.fullIds);
    send({ to: turn.to, content: { kind: 'file', file } });
  }

  async function dispatch(input: ChatInput): Promise<void> {
    const access = decideAccess(config, input);
    // A stranger may learn their own id, to be let in: it tells nothing about anybody else.
    if (
      access !== 'allow' &&
      asksOwnId(input) &&
      !(input.room && !input.mentioned && config.groupsNeedMention)
    ) {
      return send(textReply(replyAddress(input), myIdReply(input)));
    }
    switch (access) {
      case 'ignore':
        return;
      case 'refuse':
        return send(textReply(replyAddress(input), refusalText()));
      case 'allow':
        break;
      default:
        return assertNever(access);
    }
    const turn = turnOf(config, input);
    if (input.content.kind === 'file') {
      const { file } = input.content;
      return receiveFile(turn, { ...file, name: cleanFileName(file.name, turn.style.maskIds) });
    }
    const text = input.content.text;
    if (options.operator?.receive(input.sender, text, input.door)) return;
    const command = parseCommand(text);
    switch (command.kind) {
      case 'help':
        return say(turn, helpText(turn.admin, REPORT_NAMES, ledgerHelp(turn)));
      case 'ledger':
        return ledger.handle(turn, command.action);
      case 'stats':
        return stats(turn);
      case 'myid':
        return say(turn, myIdReply(input));
      case 'export':
        return exportReport(turn, command.report);
      case 'name':
        if (await photos.completeName(turn, command.name)) return;
        if (!(await flow.completeName(turn, command.name))) say(turn, notUnderstoodText());
        return;
      case 'text': {
        const found = parseTextQueries(command.text, services.today());
        if (found.queries.length === 0 && found.notice === undefined) {
          // An answer to the name prompt in a sentence (他叫张三, 姓名：张三), or one that gives no name.
          const said = wordsOf(command.text).name;
          if (said !== undefined && (await photos.completeName(turn, said))) return;
          if (said !== undefined && (await flow.completeName(turn, said))) return;
          if (flow.askNameAgain(turn)) return;
        }
        if (found.queries.length === 0) return say(turn, found.notice ?? notUnderstoodText());
        // The number a photo's check waits for (its card's could not be read).
        const [only] = found.queries;
        if (found.queries.length === 1 && only && (await photos.completeId(turn, only))) return;
        // One person asked about: the asker holds the card. Several in one message are a list to check.
        return flow.ask(turn, withClaims(found.queries, found.queries.length === 1), found.notice);
      }
      default:
        return assertNever(command);
    }
  }

  return {
    async handle(input) {
      try {
        await dispatch(input);
      } catch (error) {
        log.error({ messageId: input.messageId, error: describeError(error) }, 'message handling failed');
        const userSafe = error instanceof CertVerifyError && error.code === 'bad_input';
        const text = userSafe ? error.message : apologyText();
        send(textReply(replyAddress(input), input.room ? maskIdsInText(text) : text));
      }
    },
    async retryPending() {
      try {
        return await pending.retry();
      } catch (error) {
        log.error({ error: describeError(error) }, 'retrying pending queries failed');
        return 0;
      }
    },
  };
}

function asksOwnId(input: ChatInput): boolean {
  return input.content.kind === 'text' && parseCommand(input.content.text).kind === 'myid';
}

/** The sender's and the room's ids, written as config entries for the message's door. */
function myIdReply(input: ChatInput): string {
  const roomId = input.room ? chatIdEntry(input.door, input.room.id) : undefined;
  return myIdText(chatIdEntry(input.door, input.sender.id), roomId);
}

/** An error for the log (the logger masks any ID number in it). */
function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
