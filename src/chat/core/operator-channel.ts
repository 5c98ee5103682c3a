/**
 * The `operator` captcha solver over chat: the captcha image goes to the first admin, whose next reply of
 * four digits is the answer. One question at a time; a question not answered in time fails with CaptchaError.
 * The admin is a config entry: `DOOR:ID` is asked through that door (and answers only from it), a plain `ID`
 * through the only door running.
 */
import { type ChatDoor, type ChatIdEntry, chatIdMatches, parseChatId } from '../../config/chat-ids.js';
import { CaptchaError } from '../../domain/errors.js';
import type { OperatorChannel } from '../../lookup/captcha/operator.js';
import { type ChatSend, textReply } from '../types.js';

interface Question {
  resolve: (answer: string) => void;
}

const FULL_WIDTH_DIGITS = /[０-９]/g;

export class ChatOperatorChannel implements OperatorChannel {
  private send: ChatSend | undefined;
  private current: Question | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private readonly admin: ChatIdEntry | undefined;

  /** `adminEntry`: the config entry (`DOOR:ID` or `ID`) of the admin who answers; undefined when none is configured. */
  constructor(private readonly adminEntry: string | undefined) {
    this.admin = adminEntry === undefined ? undefined : parseChatId(adminEntry);
  }

  /** Attach the chat's send function (the send queue exists only once the transport runs). */
  connect(send: ChatSend): void {
    this.send = send;
  }

  /** Ask the admin; questions wait their turn. */
  ask(png: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    const turn = this.queue.then(() => this.askNow(png, timeoutMs, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Offer an incoming text: true when it answered the open question (the handler then drops the message).
   * `sender` is matched by id (and `door`, when the entry names one) against the admin (a display name can be
   * taken by anyone).
   */
  receive(sender: { id: string; name: string }, text: string, door?: ChatDoor): boolean {
    if (!this.current || this.adminEntry === undefined || !chatIdMatches(this.adminEntry, door, sender.id))
      return false;
    const answer = text
      .trim()
      .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    if (!/^\d{4}$/.test(answer)) return false;
    this.current.resolve(answer);
    return true;
  }

  private askNow(png: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    const { admin, send } = this;
    if (!admin || !send) return Promise.reject(new CaptchaError('没有可以人工识别验证码的管理员'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<string>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.current = undefined;
      };
      const onAbort = () => {
        done();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        done();
        reject(new CaptchaError('管理员未在时限内回复验证码'));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.current = {
        resolve: (answer) => {
          done();
          resolve(answer);
        },
      };
      const to = admin.door ? { userId: admin.id, door: admin.door } : { userId: admin.id };
      send({ to, content: { kind: 'file', file: { name: 'captcha.png', bytes: png } } });
      send(
        textReply(
          to,
          `请回复上图中的 4 位数字验证码（${Math.round(timeoutMs / 1000)} 秒内有效），用于查询全国平台。`,
        ),
      );
    });
  }
}
