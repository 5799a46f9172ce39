import { addMonths } from '../../lib/dates';
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
 * When the next periodic review is due: the cadence of the supplier's tier after its anchor
 * (the last completed review, else the day it was added). Offboarded suppliers are not reviewed.
 */
export function nextReviewDue(
  row: Pick<SupplierRow, 'status' | 'inherentTier' | 'reviewAnchor' | 'createdAt'>,
  cadence: ReviewCadence,
): Date | undefined {
  if (row.status === 'offboarded') return undefined;
  const anchor = row.reviewAnchor ?? row.createdAt;
  return anchor ? addMonths(anchor, cadence[row.inherentTier]) : undefined;
}
