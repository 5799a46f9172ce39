import type { AgreementState } from '../suppliers/suppliers.model';
import type { AgreementRecord, AgreementStatus } from './agreements.model';
import { clauseGaps } from './dpa-clauses';

// Which version speaks for a type when there are several: a signed one first, then the
// furthest along; superseded versions never.
const precedence: Record<AgreementStatus, number> = {
  signed: 5,
  expired: 4,
  sent: 3,
  draft: 2,
  terminated: 1,
  superseded: 0,
};

function current(agreements: readonly AgreementRecord[]): AgreementRecord | undefined {
  return (
    agreements
      // A vendor's upload counts only once a buyer has approved it.
      .filter(
        (agreement) =>
          agreement.status !== 'superseded' &&
          (!agreement.approval || agreement.approval.state === 'approved'),
      )
      .sort(
        (a, b) =>
          precedence[b.status] - precedence[a.status] ||
          (b.effectiveDate?.getTime() ?? 0) - (a.effectiveDate?.getTime() ?? 0) ||
          b.version - a.version,
      )[0]
  );
}

function stateOf(agreement: AgreementRecord | undefined): AgreementState {
  if (!agreement) return { state: 'missing' };
  return {
    state: agreement.status,
    agreementId: agreement._id.toString(),
    effectiveDate: agreement.effectiveDate,
    expiryDate: agreement.expiryDate,
  };
}

/**
 * What a supplier's agreements add up to for its summary: the state of its NDA and DPA (with
 * the DPA's clause gaps) and how many vendor uploads wait for approval.
 */
export function summarizeAgreements(agreements: readonly AgreementRecord[]): {
  nda: AgreementState;
  dpa: AgreementState;
  pendingApprovals: number;
} {
  const nda = current(agreements.filter((agreement) => agreement.type === 'nda'));
  const dpa = current(agreements.filter((agreement) => agreement.type === 'dpa'));
  const dpaState = stateOf(dpa);
  // Gaps are stored against all fourteen clauses; whether the cross-border clause matters is
  // decided where the supplier's destinations are known (see supplier-directory toRow).
  if (dpa) Object.assign(dpaState, clauseGaps(dpa.checklist, true));
  return {
    nda: stateOf(nda),
    dpa: dpaState,
    pendingApprovals: agreements.filter((agreement) => agreement.approval?.state === 'pending').length,
  };
}
