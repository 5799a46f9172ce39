import { addMonths, dayIn } from '../../lib/dates';
import type { ReviewCadence } from '../settings';
import type { AgreementGlance, SupplierRow } from './supplier-directory';

/** Days before expiry from which an agreement counts as "expiring". */
export const EXPIRING_WITHIN_DAYS = 60;

/** How an NDA or DPA stands today, as the list and the supplier page show it. */
export type AgreementDisplayState =
  'missing' | 'draft' | 'sent' | 'signed' | 'expiring' | 'expired' | 'terminated';

/** The state to show for an agreement summary at `now` (signed ones may be expiring or expired). */
export function agreementDisplayState(glance: AgreementGlance, now = new Date()): AgreementDisplayState {
  if (glance.state === 'signed' && glance.expiryDate) {
    if (glance.expiryDate <= now) return 'expired';
    if (glance.expiryDate.getTime() - now.getTime() <= EXPIRING_WITHIN_DAYS * 86_400_000) return 'expiring';
  }
  const known: readonly string[] = ['missing', 'draft', 'sent', 'signed', 'expired', 'terminated'];
  return (known.includes(glance.state) ? glance.state : 'missing') as AgreementDisplayState;
}

/**
 * The calendar day the next review is due: the open review's due date when one is under way
 * (events pull it forward), else the cadence of the supplier's tier counted from its anchor (the
 * last completed review, else the day it was added) as a calendar day in the portal's time zone.
 * Offboarded suppliers are not reviewed.
 */
export function nextReviewDue(
  row: Pick<SupplierRow, 'status' | 'inherentTier' | 'reviewAnchor' | 'createdAt' | 'openReview'>,
  cadence: ReviewCadence,
  timeZone: string,
): Date | undefined {
  if (row.status === 'offboarded') return undefined;
  if (row.openReview) return new Date(row.openReview.dueDate);
  const anchor = row.reviewAnchor ?? row.createdAt;
  return anchor ? addMonths(dayIn(anchor, timeZone), cadence[row.inherentTier]) : undefined;
}

/** A signed NDA or DPA with an end date: what expiry reminders and the schedule follow. */
export interface DatedAgreement {
  /** An agreement type key (agreementTypes.<type> names it). */
  type: 'nda' | 'dpa';
  agreementId: string;
  expiryDate: Date;
}

/** The supplier's signed NDA and DPA that have an expiry date. */
export function datedAgreements(row: Pick<SupplierRow, 'nda' | 'dpa'>): DatedAgreement[] {
  const dated: DatedAgreement[] = [];
  for (const [type, glance] of [
    ['nda', row.nda],
    ['dpa', row.dpa],
  ] as const) {
    if (glance.state === 'signed' && glance.expiryDate && glance.agreementId)
      dated.push({ type, agreementId: glance.agreementId, expiryDate: glance.expiryDate });
  }
  return dated;
}
