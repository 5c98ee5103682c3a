/**
 * The least a line of the findings log or of the bureau's outbox must hold for its replay not to fail: an event
 * that brings a finding or a lead brings it as an object with an id. A line short of that is skipped like an
 * unreadable one (jsonl-file.ts `accept`). Kept apart from the two logs, and loose on purpose: an event type this
 * check does not know passes, so new event types need no change here.
 */

/** Whether `value` is an object with a string `id`. */
function hasId(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** Whether a findings line can be replayed: a `new` event carries its finding. */
export function isFindingEvent(line: object): boolean {
  const event = line as { t?: unknown; finding?: unknown };
  return typeof event.t === 'string' && (event.t !== 'new' || hasId(event.finding));
}

/** Whether an outbox line can be replayed: a `queued` event carries its lead, a `summary` its month's report. */
export function isOutboxEvent(line: object): boolean {
  const event = line as { t?: unknown; lead?: unknown; report?: unknown };
  if (event.t === 'summary') {
    const report = event.report as { month?: unknown; at?: unknown } | null | undefined;
    return typeof report?.month === 'string' && typeof report.at === 'string';
  }
  return typeof event.t === 'string' && (event.t !== 'queued' || hasId(event.lead));
}
