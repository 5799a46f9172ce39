import type { RequestContext } from '../src/lib/context';
import { addDays, dayIn } from '../src/lib/dates';
import {
  addIncidentUpdate,
  changeIncidentStatus,
  recordNotice,
  reportIncident,
} from '../src/modules/incidents';
import { IncidentModel } from '../src/modules/incidents/incident.model';
import { SupplierModel } from '../src/modules/suppliers/suppliers.model';
import { findSessionUser } from '../src/modules/users';
import { UserModel } from '../src/modules/users/users.model';

/** A context in which a demo user acts, as if signed in. */
async function actingAs(email: string): Promise<RequestContext | undefined> {
  const user = await UserModel.findOne({ email }, { _id: 1 }).lean();
  const actor = user ? await findSessionUser(user._id.toString()) : undefined;
  return actor ? { actor, ip: undefined, requestId: undefined, locale: 'en' } : undefined;
}

async function supplierId(name: string): Promise<string | undefined> {
  return (await SupplierModel.findOne({ name }, { _id: 1 }).lean())?._id.toString();
}

/**
 * Two demo incidents, once, through the service so that audit events, notifications and event
 * reviews happen as in real use: an open one Acme's vendor reported two days ago, and a closed
 * one at Globex whose regulator notice was sent and whose individuals did not need one.
 */
export async function seedDemoIncidents(): Promise<void> {
  if (await IncidentModel.exists({})) return;
  const vendor = await actingAs('vendor@acme.vetted.test');
  const buyer = await actingAs('procurement@vetted.test');
  const acme = await supplierId('Acme Cloud Ltd');
  const globex = await supplierId('Globex Payments Pte. Ltd.');
  const today = dayIn(new Date(), 'UTC');
  if (vendor && acme) {
    await reportIncident(vendor, {
      supplierId: acme,
      title: 'Support mailbox accessed with a phished password',
      description:
        'A support agent entered their password on a phishing page; the mailbox was read from abroad.',
      cause: 'Phishing; the support mailbox had no MFA.',
      categories: ['identity_contact', 'communications'],
      individualsAffected: 85,
      discoveredOn: addDays(today, -2),
      reportedOn: addDays(today, -1),
      containment: 'Password reset and sessions revoked.',
      possibleHarm: undefined,
      individualsCanDo: undefined,
      contact: 'security@acme.example',
    });
  }
  if (buyer && globex) {
    const id = await reportIncident(buyer, {
      supplierId: globex,
      title: 'Card-holder names in a debug log',
      description: 'A debug log with card-holder names and masked card numbers was kept on a shared server.',
      cause: 'Debug logging left on after a release.',
      categories: ['identity_contact', 'financial_account'],
      individualsAffected: 2300,
      discoveredOn: addDays(today, -40),
      reportedOn: addDays(today, -39),
      containment: 'Logging switched off; the log file deleted from the server and its backups.',
      possibleHarm: 'Names linked to payment cards could be used for targeted phishing.',
      individualsCanDo: 'Be wary of calls or messages that quote card details.',
      contact: 'privacy@globex.example, +65 6000 0000',
    });
    await addIncidentUpdate(
      buyer,
      id,
      'Server access logs show no reads by anyone outside the operations team.',
    );
    await recordNotice(buyer, id, 'regulator', {
      decision: 'required',
      notifiedOn: addDays(today, -38),
      means: 'Online report form of the cyberspace administration',
    });
    await recordNotice(buyer, id, 'individuals', {
      decision: 'not_required',
      notifiedOn: undefined,
      means: undefined,
    });
    await changeIncidentStatus(buyer, id, 'contained', undefined);
    await changeIncidentStatus(buyer, id, 'closed', 'No sign of misuse after 30 days.');
  }
}
