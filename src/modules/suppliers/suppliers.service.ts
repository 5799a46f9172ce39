import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { escapeRegExp } from '../../lib/text';
import { authorize } from '../access';
import { record } from '../audit';
import {
  SUPPLIER_STATUSES,
  SupplierModel,
  type SupplierRecord,
  type SupplierStatus,
} from './suppliers.model';

export interface SupplierView {
  id: string;
  name: string;
  status: SupplierStatus;
  createdAt: Date | undefined;
}

function toView(supplier: SupplierRecord): SupplierView {
  return {
    id: supplier._id.toString(),
    name: supplier.name,
    status: supplier.status,
    createdAt: (supplier as { createdAt?: Date }).createdAt,
  };
}

export interface SupplierFilter {
  q?: string | undefined;
  status?: SupplierStatus | undefined;
}

export interface SupplierPage {
  suppliers: SupplierView[];
  page: number;
  hasNext: boolean;
}

/** Suppliers the actor may see, filtered and paged; a vendor sees only their own. */
export async function listSuppliers(
  context: RequestContext,
  filter: SupplierFilter,
  page = 1,
  pageSize = 25,
): Promise<SupplierPage> {
  authorize(context.actor, 'suppliers.list');
  const query: Record<string, unknown> = {};
  if (context.actor.role === 'vendor') query._id = context.actor.supplierId;
  if (filter.q) query.name = new RegExp(escapeRegExp(filter.q), 'i');
  if (filter.status) query.status = filter.status;
  const suppliers = await SupplierModel.find(query)
    .sort({ name: 1 })
    .skip((page - 1) * pageSize)
    .limit(pageSize + 1)
    .lean<SupplierRecord[]>();
  return { suppliers: suppliers.slice(0, pageSize).map(toView), page, hasNext: suppliers.length > pageSize };
}

/** One supplier, if the actor may see it; the read is audited. */
export async function getSupplier(context: RequestContext, id: string): Promise<SupplierView> {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError();
  // Decide before loading: a vendor asking for another supplier learns nothing, not even existence.
  if (context.actor?.role === 'vendor' && context.actor.supplierId !== id) throw new NotFoundError();
  const supplier = await SupplierModel.findById(id).lean<SupplierRecord>();
  if (!supplier) throw new NotFoundError();
  authorize(context.actor, 'suppliers.read', { id });
  await record(context, {
    action: 'suppliers.view',
    target: { type: 'supplier', id, label: supplier.name },
    supplierId: id,
  });
  return toView(supplier);
}

/** Names of suppliers by id, for pickers and labels (no audit: names only). */
export async function supplierOptions(context: RequestContext): Promise<{ id: string; name: string }[]> {
  authorize(context.actor, 'suppliers.create');
  const suppliers = await SupplierModel.find({}, { name: 1 })
    .sort({ name: 1 })
    .limit(5000)
    .lean<SupplierRecord[]>();
  return suppliers.map((supplier) => ({ id: supplier._id.toString(), name: supplier.name }));
}

/** The name of one supplier, or undefined when it does not exist. */
export async function supplierName(id: string): Promise<string | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  const supplier = await SupplierModel.findById(id, { name: 1 }).lean<SupplierRecord>();
  return supplier?.name;
}

/** Registers a new supplier as a prospect. */
export async function createSupplier(
  context: RequestContext,
  input: { name: string },
): Promise<SupplierView> {
  authorize(context.actor, 'suppliers.create');
  const created = await SupplierModel.create({ name: input.name, createdBy: context.actor.id });
  const supplier = created.toObject() as SupplierRecord;
  const id = supplier._id.toString();
  await record(context, {
    action: 'suppliers.create',
    target: { type: 'supplier', id, label: supplier.name },
    supplierId: id,
  });
  return toView(supplier);
}

/** Number of suppliers in each lifecycle status (staff home pages). */
export async function supplierCounts(
  context: RequestContext,
): Promise<Record<SupplierStatus | 'total', number>> {
  authorize(context.actor, 'suppliers.overview');
  const counts = Object.fromEntries([...SUPPLIER_STATUSES, 'total'].map((key) => [key, 0])) as Record<
    SupplierStatus | 'total',
    number
  >;
  const rows = await SupplierModel.aggregate<{ _id: SupplierStatus; count: number }>([
    { $group: { _id: '$status', count: { $sum: 1 } } },
  ]);
  for (const row of rows) {
    counts[row._id] = row.count;
    counts.total += row.count;
  }
  return counts;
}
