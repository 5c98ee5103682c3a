/**
 * Replies for the WeCom robot from an instance that does not hold the robot's one connection (a roster it
 * continued after a restart, an answer it found later): kept in the store's database, the document `wecom-relay`,
 * until the instance holding the robot sends them, oldest first, as proactive messages (a frame can be answered
 * only by the connection it came on). A file travels as base64. A reply leaves the document once sent: an
 * instance that dies while sending leaves it to the next holder, which sends it again rather than lose it.
 */
import { randomUUID } from 'node:crypto';
import type { SqlDb } from '../../../sql/db.js';
import { StoreDocument } from '../../../store/document.js';
import type { ChatAddress, ChatReply } from '../../types.js';

interface RelayedReply {
  id: string;
  to: ChatAddress;
  text?: string;
  file?: { name: string; base64: string };
}

interface RelayData {
  replies: RelayedReply[];
}

export class WecomRelay {
  private constructor(private readonly doc: StoreDocument<RelayData>) {}

  static async open(db: SqlDb): Promise<WecomRelay> {
    const doc = await StoreDocument.open<RelayData>(db, 'wecom-relay', {
      version: 1,
      defaults: () => ({ replies: [] }),
    });
    return new WecomRelay(doc);
  }

  /** Keep `reply` for the holder of the robot (resolves once it is in the database). */
  async push(reply: ChatReply): Promise<void> {
    // The frame token is this instance's: the holder sends proactively.
    const { frame: _frame, ...via } = reply.to.via ?? {};
    const to: ChatAddress = reply.to.via ? { ...reply.to, via } : reply.to;
    const relayed: RelayedReply =
      reply.content.kind === 'text'
        ? { id: randomUUID(), to, text: reply.content.text }
        : {
            id: randomUUID(),
            to,
            file: { name: reply.content.file.name, base64: reply.content.file.bytes.toString('base64') },
          };
    await this.doc.update((data) => {
      data.replies.push(relayed);
    });
  }

  /**
   * Send the kept replies through `send`, oldest first, each removed once sent; the first that fails stays, with
   * those after it, for the next round. Resolves with how many were sent.
   */
  async drain(send: (reply: ChatReply) => Promise<void>): Promise<number> {
    await this.doc.reload();
    let sent = 0;
    for (const relayed of [...this.doc.data.replies]) {
      await send({
        to: relayed.to,
        content: relayed.file
          ? {
              kind: 'file',
              file: { name: relayed.file.name, bytes: Buffer.from(relayed.file.base64, 'base64') },
            }
          : { kind: 'text', text: relayed.text ?? '' },
      });
      await this.doc.update((data) => {
        data.replies = data.replies.filter((r) => r.id !== relayed.id);
      });
      sent++;
    }
    return sent;
  }
}
