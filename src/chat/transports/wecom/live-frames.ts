/**
 * Callback frames that can still be answered on their own `req_id` (a stream or media reply), kept in memory
 * under a short random token that travels in `ChatAddress.via.frame`. A frame answers one reply only and only
 * within its window; after a restart the tokens are unknown and replies go out as proactive messages.
 */
import { randomBytes } from 'node:crypto';
import type { WsFrameHeaders } from '@wecom/aibot-node-sdk';

interface Entry {
  frame: WsFrameHeaders;
  expiresAt: number;
}

export class LiveFrames {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly windowMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  /** Keep `frame` answerable; returns its token. */
  open(frame: WsFrameHeaders): string {
    this.prune();
    const token = randomBytes(6).toString('hex');
    this.entries.set(token, { frame: { headers: frame.headers }, expiresAt: this.now() + this.windowMs });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return token;
  }

  /** The frame behind `token` if it can still be answered; it is used up by this call. */
  take(token: string | undefined): WsFrameHeaders | undefined {
    if (token === undefined) return undefined;
    const entry = this.entries.get(token);
    this.entries.delete(token);
    return entry && entry.expiresAt > this.now() ? entry.frame : undefined;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(token);
  }
}
