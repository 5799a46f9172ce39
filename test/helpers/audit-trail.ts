import mongoose from 'mongoose';
import { READ_ACTIONS } from '../../src/modules/audit';
import { monitoringSettled } from '../../src/modules/monitoring';

/**
 * How many changes the audit trail has recorded: successful events other than reads (a page
 * shown or a file handed over) and the alerts access monitoring raises in reaction to a
 * request. Tests that check "a refused request changes nothing" compare this before and after.
 * Waits for monitoring to finish judging earlier events, so a late alert is not miscounted.
 */
export async function changeEventCount(): Promise<number> {
  await monitoringSettled();
  return mongoose.connection
    .collection('audit_events')
    .countDocuments({ outcome: 'success', action: { $nin: [...READ_ACTIONS, 'monitoring.alert'] } });
}
