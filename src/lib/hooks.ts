/**
 * A point where one feature lets others react to what it did, without importing them (the
 * supplier register does not know about reviews; reviews listen to it). Listeners run in order
 * and are awaited, so their work is done when the caller's request ends.
 */
export class Hook<Payload> {
  private readonly listeners = new Set<(payload: Payload) => Promise<void>>();

  /** Adds a listener (adding the same function twice keeps one). */
  on(listener: (payload: Payload) => Promise<void>): void {
    this.listeners.add(listener);
  }

  /** Runs every listener with the payload. */
  async run(payload: Payload): Promise<void> {
    for (const listener of this.listeners) await listener(payload);
  }
}
