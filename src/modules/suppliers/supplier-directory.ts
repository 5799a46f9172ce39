import { readChanges, currentHead, noteChange } from '../../lib/change-log';
import { logger } from '../../lib/logger';
import { isSensitiveCategory } from './data-profile';
import {
  SupplierModel,
  type AgreementState,
  type SupplierRecord,
  type SupplierStatus,
} from './suppliers.model';
import type { RiskTier } from './risk';

/** One agreement type's state as lists show it. */
export interface AgreementGlance {
  state: string;
  agreementId: string | undefined;
  effectiveDate: Date | undefined;
  expiryDate: Date | undefined;
  gaps: string[];
  partial: string[];
}

/**
 * What lists, filters, counts, dashboards and register exports need of one supplier. The full
 * document is read by `_id` only when one supplier is opened.
 */
export interface SupplierRow {
  id: string;
  name: string;
  /** Lower-cased name for case-insensitive search and sort. */
  nameKey: string;
  legalName: string;
  registrationId: string;
  country: string;
  website: string;
  services: string;
  ownerId: string;
  ownerName: string;
  status: SupplierStatus;
  inherentTier: RiskTier;
  inherentScore: number;
  criticality: string;
  purpose: string;
  method: string;
  categories: string[];
  sensitive: boolean;
  volume: string;
  access: string;
  destinations: string[];
  mechanism: string;
  subprocessors: { name: string; country: string }[];
  nda: AgreementGlance;
  dpa: AgreementGlance;
  pendingApprovals: number;
  reviewAnchor: Date | undefined;
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
}

/** An agreement summary as lists use it; the cross-border clause counts only for transfers abroad. */
function glance(state: AgreementState | undefined, sendsDataAbroad: boolean): AgreementGlance {
  const relevant = (clause: string) => sendsDataAbroad || clause !== 'DPA-CROSS-BORDER';
  return {
    state: state?.state ?? 'missing',
    agreementId: state?.agreementId ?? undefined,
    effectiveDate: state?.effectiveDate ?? undefined,
    expiryDate: state?.expiryDate ?? undefined,
    gaps: (state?.gaps ?? []).filter(relevant),
    partial: (state?.partial ?? []).filter(relevant),
  };
}

/** The list row of a supplier document. */
export function toRow(supplier: SupplierRecord): SupplierRow {
  const profile = supplier.dataProfile;
  const sendsDataAbroad = profile.destinations.length > 0;
  return {
    id: supplier._id.toString(),
    name: supplier.name,
    nameKey: supplier.name.toLocaleLowerCase(),
    legalName: supplier.legalName ?? '',
    registrationId: supplier.registrationId ?? '',
    country: supplier.country ?? '',
    website: supplier.website ?? '',
    services: supplier.services ?? '',
    ownerId: supplier.ownerId ?? '',
    ownerName: supplier.ownerName ?? '',
    status: supplier.status,
    inherentTier: supplier.risk.inherentTier,
    inherentScore: supplier.risk.inherentScore,
    criticality: profile.criticality,
    purpose: profile.purpose ?? '',
    method: profile.method ?? '',
    categories: [...profile.categories],
    sensitive: profile.categories.some(isSensitiveCategory),
    volume: profile.volume,
    access: profile.access,
    destinations: [...profile.destinations],
    mechanism: profile.mechanism ?? '',
    subprocessors: supplier.subprocessors.map((sub) => ({ name: sub.name, country: sub.country })),
    nda: glance(supplier.summary.nda, sendsDataAbroad),
    dpa: glance(supplier.summary.dpa, sendsDataAbroad),
    pendingApprovals: supplier.summary.pendingApprovals,
    reviewAnchor: supplier.reviewAnchor ?? undefined,
    createdAt: supplier.createdAt,
    updatedAt: supplier.updatedAt,
  };
}

const GAP_CHECK_MS = 10_000;

/**
 * The in-memory directory of all suppliers. FerretDB answers any query other than `_id`
 * equality by reading the whole collection (seconds at 10,000 suppliers), so lists are served
 * from here: loaded once, kept current by this process's own writes and by following the
 * shared change log for writes made by other processes.
 */
class SupplierDirectory {
  private rows = new Map<string, SupplierRow>();
  private seq = 0;
  private loading: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private checkedAt = 0;

  /** Every supplier row, current as of this call. */
  async all(): Promise<SupplierRow[]> {
    await this.fresh();
    return [...this.rows.values()];
  }

  /** One row by id, current as of this call. */
  async get(id: string): Promise<SupplierRow | undefined> {
    await this.fresh();
    return this.rows.get(id);
  }

  /** Takes a supplier this process just wrote, and tells other processes about it. */
  async publish(supplier: SupplierRecord): Promise<void> {
    const row = toRow(supplier);
    if (this.loading) this.rows.set(row.id, row);
    await noteChange('supplier', row.id);
  }

  /** Forgets everything (tests that empty the database). */
  reset(): void {
    this.rows = new Map();
    this.seq = 0;
    this.loading = undefined;
    this.refreshing = undefined;
    this.checkedAt = 0;
  }

  private async fresh(): Promise<void> {
    this.loading ??= this.loadAll().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    await this.loading;
    // At most one look at the change log at a time; concurrent requests share it.
    this.refreshing ??= this.followChanges().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async loadAll(): Promise<void> {
    // Read the log's end first: changes made during the load are replayed afterwards.
    const head = await currentHead();
    const started = Date.now();
    const suppliers = await SupplierModel.find({}).lean<SupplierRecord[]>();
    this.rows = new Map(suppliers.map((supplier) => [supplier._id.toString(), toRow(supplier)]));
    this.seq = head;
    logger().info({ suppliers: this.rows.size, ms: Date.now() - started }, 'supplier directory loaded');
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
      changes.filter((change) => change.entity === 'supplier').map((change) => change.entityId),
    );
    await Promise.all([...ids].map((id) => this.reload(id)));
    this.seq = seq;
  }

  private async reload(id: string): Promise<void> {
    const supplier = await SupplierModel.findById(id).lean<SupplierRecord>();
    if (supplier) this.rows.set(id, toRow(supplier));
    else this.rows.delete(id);
  }
}

export const supplierDirectory = new SupplierDirectory();
