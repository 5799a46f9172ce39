import { translator } from '../../lib/i18n';
import { supplierChanged, tierRank, type SupplierChange } from '../suppliers';
import { triggerReview } from './reviews.service';

/**
 * Edits of a supplier that call for a review now: a subprocessor that was not there before, and
 * a change of data profile that raises the inherent tier.
 */
async function reviewAfterSupplierChange({ context, before, after }: SupplierChange): Promise<void> {
  const t = translator('en');
  const known = new Set(before.subprocessors.map((sub) => sub.name.trim().toLocaleLowerCase()));
  const added = after.subprocessors.filter((sub) => !known.has(sub.name.trim().toLocaleLowerCase()));
  const supplierId = after._id.toString();
  if (added.length > 0) {
    await triggerReview(context, supplierId, {
      event: 'subprocessor_added',
      detail: added.map((sub) => `${sub.name} (${sub.country})`).join(', '),
    });
  }
  const from = before.risk.inherentTier;
  const to = after.risk.inherentTier;
  if (tierRank(to) > tierRank(from)) {
    await triggerReview(context, supplierId, {
      event: 'tier_raised',
      detail: `${t(`tiers.${from}`)} → ${t(`tiers.${to}`)}`,
    });
  }
}

let registered = false;

/** Lets supplier edits open event reviews (called once when the app is built). */
export function registerReviewTriggers(): void {
  if (registered) return;
  supplierChanged.on(reviewAfterSupplierChange);
  registered = true;
}
