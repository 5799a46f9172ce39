import { Types } from 'mongoose';
import { addDays } from '../../src/lib/dates';
import { summarizeAgreements } from '../../src/modules/agreements/agreement-summary';
import { AgreementModel, type AgreementRecord } from '../../src/modules/agreements/agreements.model';
import { DPA_CLAUSE_IDS } from '../../src/modules/agreements/dpa-clauses';
import {
  ACCESS_TYPES,
  CRITICALITY_LEVELS,
  PI_CATEGORY_KEYS,
  VOLUME_BANDS,
} from '../../src/modules/suppliers/data-profile';
import { inherentRisk } from '../../src/modules/suppliers/risk';
import { SUPPLIER_STATUSES, SupplierModel } from '../../src/modules/suppliers/suppliers.model';

/** A small deterministic pseudo-random generator, so every run builds the same data. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

/**
 * Inserts `count` suppliers, each with an NDA and a DPA (with a clause checklist) and a summary
 * that matches them, as the app itself would have stored them.
 */
export async function generateSuppliers(count: number, ownerId: string): Promise<void> {
  const next = random(42);
  const today = new Date();
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const suppliers: Record<string, unknown>[] = [];
    const agreements: AgreementRecord[] = [];
    for (let index = start; index < Math.min(count, start + batch); index++) {
      const id = new Types.ObjectId();
      const categories = PI_CATEGORY_KEYS.filter(() => next() < 0.15);
      const destinations = next() < 0.2 ? [pick(next, ['SG', 'US', 'DE', 'HK', 'JP'])] : [];
      const profile = {
        categories,
        volume: pick(next, VOLUME_BANDS),
        access: pick(next, ACCESS_TYPES),
        destinations,
        mechanism: destinations.length && next() < 0.8 ? ('standard_contract' as const) : undefined,
        criticality: pick(next, CRITICALITY_LEVELS),
        subprocessors: [],
      };
      const risk = inherentRisk(profile);
      const effective = addDays(today, -Math.floor(next() * 900));
      const expiry = addDays(effective, 365 + Math.floor(next() * 730));
      const mine = ['nda', 'dpa'].map(
        (type) =>
          ({
            _id: new Types.ObjectId(),
            supplierId: id.toString(),
            type,
            status: next() < 0.85 ? 'signed' : 'draft',
            version: 1,
            effectiveDate: effective,
            expiryDate: expiry,
            signatories: [],
            checklist:
              type === 'dpa'
                ? DPA_CLAUSE_IDS.map((clause) => ({ clause, state: next() < 0.9 ? 'present' : 'missing' }))
                : [],
            history: [],
          }) as unknown as AgreementRecord,
      );
      agreements.push(...mine);
      const name = index % 3 === 0 ? `供应商${index}科技有限公司` : `Supplier ${index} Ltd`;
      suppliers.push({
        _id: id,
        name,
        legalName: name,
        registrationId: `BENCH-${index}`,
        country: destinations.length ? 'CN' : pick(next, ['CN', 'CN', 'CN', 'SG', 'GB']),
        services: 'Generated for the benchmark',
        ownerId,
        ownerName: 'Bench Admin',
        contacts: [{ name: 'Contact person', email: `contact${index}@example.test` }],
        internalNotes: 'Benchmark data',
        status: pick(next, SUPPLIER_STATUSES),
        statusHistory: [{ to: 'prospect', reason: 'created', at: effective }],
        dataProfile: { ...profile, purpose: 'Benchmark', method: 'Generated' },
        subprocessors: [],
        risk: {
          inherentTier: risk.tier,
          inherentScore: risk.score,
          factors: risk.factors,
          computedAt: today,
        },
        reviewAnchor: addDays(today, -Math.floor(next() * 700)),
        summary: { ...summarizeAgreements(mine), pendingApprovals: 0 },
        agreementIds: mine.map((agreement) => agreement._id.toString()),
        createdAt: effective,
        updatedAt: effective,
      });
    }
    await SupplierModel.collection.insertMany(suppliers);
    await AgreementModel.collection.insertMany(agreements);
  }
}
