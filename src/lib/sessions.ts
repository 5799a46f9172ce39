import mongoose from 'mongoose';

/** The MongoDB collection holding sessions (written by connect-mongo). */
export const SESSIONS_COLLECTION = 'sessions';

/**
 * Ends every session of a user, except optionally the one making the request: used when a
 * password changes or is reset and when an account is disabled.
 */
export async function endSessionsOfUser(userId: string, exceptSessionId?: string): Promise<number> {
  const filter: Record<string, unknown> = { 'session.passport.user': userId };
  if (exceptSessionId) filter._id = { $ne: exceptSessionId };
  const result = await mongoose.connection.collection(SESSIONS_COLLECTION).deleteMany(filter);
  return result.deletedCount;
}
