import { isDuplicateKey } from '../../lib/errors';
import { KnownAddressModel } from './alert.model';
import { QUIET_MS_WITHOUT_WINDOW, type ObservedEvent, type Signal } from './rules';

/**
 * Rule 4: an admin signs in from an address that admin never signed in from before. Every
 * admin sign-in adds its address to the known ones (also while the rule is switched off, so
 * that switching it on does not flag every address). The first sign-in of an admin with no
 * known address at all only learns it: a fresh account has no history to differ from.
 */
export async function newAdminAddressSignal(
  event: ObservedEvent,
  alertEnabled: boolean,
): Promise<Signal | undefined> {
  const actor = event.actor;
  if (event.action !== 'auth.sign_in' || event.outcome !== 'success') return undefined;
  if (actor?.role !== 'admin' || !event.ip) return undefined;
  const _id = `${actor.id}:${event.ip}`;
  const known = await KnownAddressModel.findById(_id).lean();
  if (known) {
    await KnownAddressModel.updateOne({ _id }, { $set: { lastSeenAt: event.at } });
    return undefined;
  }
  // Asked before this address is added: does the admin have any history at all?
  const hasHistory = (await KnownAddressModel.countDocuments({ userId: actor.id })) > 0;
  try {
    await KnownAddressModel.create({
      _id,
      userId: actor.id,
      ip: event.ip,
      firstSeenAt: event.at,
      lastSeenAt: event.at,
    });
  } catch (error) {
    // Another process learnt the same address a moment ago: it raised the alert if one was due.
    if (isDuplicateKey(error)) return undefined;
    throw error;
  }
  if (!alertEnabled || !hasHistory) return undefined;
  return {
    rule: 'admin_new_address',
    severity: 'medium',
    subjectKind: 'user',
    subject: _id,
    subjectLabel: actor.email,
    count: 1,
    at: event.at,
    quietMs: QUIET_MS_WITHOUT_WINDOW,
    details: { address: event.ip },
  };
}
