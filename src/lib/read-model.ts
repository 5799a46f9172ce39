import { currentHead, noteChange, readChanges } from './change-log';
import { logger } from './logger';

/** Every so often a follower also checks that no change-log entries it needed were pruned. */
const GAP_CHECK_MS = 10_000;
/**
 * How often the change log is read for other processes' writes. This process's own writes are
 * seen at once; another process's within this many milliseconds.
 */
const FOLLOW_MS = 250;

export interface ReadModelSource<Doc, Row extends { id: string }> {
  /** The entity name written to the change log, e.g. "supplier". */
  entity: string;
  /** Reads every document (once, at start). */
  loadAll: () => Promise<Doc[]>;
  /** Reads one document by id, or null when it is gone. */
  loadOne: (id: string) => Promise<Doc | null>;
  toRow: (doc: Doc) => Row;
}

/**
 * An in-memory read model of one collection. FerretDB answers any query other than `_id`
 * equality by reading the whole collection (seconds at 10,000 documents), so lists, filters and
 * dashboards are served from here: loaded once, kept current by this process's own writes
 * (publish) and by following the shared change log for writes made by other processes.
 */
export class ReadModel<Doc, Row extends { id: string }> {
  private rows = new Map<string, Row>();
  private seq = 0;
  private loading: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private checkedAt = 0;
  private followedAt = 0;
  /** Goes up whenever any row changes, so derived lists (sorted orders) know when to rebuild. */
  private changes = 0;
  private snapshot: { version: number; rows: Row[] } | undefined;

  constructor(private readonly source: ReadModelSource<Doc, Row>) {}

  /** Every row, current as of this call. The array must not be changed. */
  async all(): Promise<readonly Row[]> {
    await this.fresh();
    if (this.snapshot?.version !== this.changes) {
      this.snapshot = { version: this.changes, rows: [...this.rows.values()] };
    }
    return this.snapshot.rows;
  }

  /** One row by id, current as of this call. */
  async get(id: string): Promise<Row | undefined> {
    await this.fresh();
    return this.rows.get(id);
  }

  /** A number that changes whenever any row does. */
  async version(): Promise<number> {
    await this.fresh();
    return this.changes;
  }

  /** Loads everything ahead of the first request (at start-up). */
  async warm(): Promise<void> {
    await this.fresh();
  }

  /** Takes a document this process just wrote, and tells other processes about it. */
  async publish(doc: Doc): Promise<void> {
    const row = this.source.toRow(doc);
    if (this.loading) this.set(row);
    await noteChange(this.source.entity, row.id);
  }

  /** Drops a document this process just deleted, and tells other processes about it. */
  async forget(id: string): Promise<void> {
    if (this.loading && this.rows.delete(id)) this.changes++;
    await noteChange(this.source.entity, id);
  }

  /** Forgets everything (tests that empty the database). */
  reset(): void {
    this.snapshot = undefined;
    this.changes++;
    this.rows = new Map();
    this.seq = 0;
    this.loading = undefined;
    this.refreshing = undefined;
    this.checkedAt = 0;
    this.followedAt = 0;
  }

  private set(row: Row): void {
    this.rows.set(row.id, row);
    this.changes++;
  }

  private async fresh(): Promise<void> {
    this.loading ??= this.loadAll().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    await this.loading;
    if (Date.now() - this.followedAt < FOLLOW_MS) return;
    // At most one look at the change log at a time; concurrent requests share it.
    this.refreshing ??= this.followChanges().finally(() => {
      this.refreshing = undefined;
      this.followedAt = Date.now();
    });
    await this.refreshing;
  }

  private async loadAll(): Promise<void> {
    // Read the log's end first: changes made during the load are replayed afterwards.
    const head = await currentHead();
    const started = Date.now();
    const docs = await this.source.loadAll();
    this.rows = new Map(
      docs.map((doc) => {
        const row = this.source.toRow(doc);
        return [row.id, row];
      }),
    );
    this.changes++;
    this.seq = head;
    logger().info(
      { entity: this.source.entity, rows: this.rows.size, ms: Date.now() - started },
      'read model loaded',
    );
  }

  private async followChanges(): Promise<void> {
    // Looking for a gap costs two more reads; once every few seconds is enough.
    const checkGap = Date.now() - this.checkedAt > GAP_CHECK_MS;
    const { seq, changes, complete } = await readChanges(this.seq, { checkGap });
    if (checkGap) this.checkedAt = Date.now();
    if (!complete) {
      // Too far behind to replay: start over.
      this.loading = this.loadAll();
      await this.loading;
      return;
    }
    const ids = new Set(
      changes.filter((change) => change.entity === this.source.entity).map((change) => change.entityId),
    );
    await Promise.all([...ids].map((id) => this.reload(id)));
    this.seq = seq;
  }

  private async reload(id: string): Promise<void> {
    const doc = await this.source.loadOne(id);
    if (doc) this.set(this.source.toRow(doc));
    else if (this.rows.delete(id)) this.changes++;
  }
}
