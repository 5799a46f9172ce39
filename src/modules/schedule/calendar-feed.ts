import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { getConfig } from '../../config';
import type { RequestContext } from '../../lib/context';
import { renderCalendar } from '../../lib/icalendar';
import { translator } from '../../lib/i18n';
import { authorize, can } from '../access';
import { record } from '../audit';
import { findSessionUser } from '../users';
import { scheduleItems } from './schedule.service';

export const FEED_SCOPES = ['mine', 'all'] as const;
export type FeedScope = (typeof FEED_SCOPES)[number];

/**
 * A user's calendar subscription. Only the SHA-256 of the token is stored: the address is shown
 * once, when it is made, and a stolen database does not reveal working feed addresses.
 */
const feedSchema = new Schema(
  {
    /** SHA-256 of the token, hex: the feed is found by `_id` only. */
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    scope: { type: String, enum: FEED_SCOPES, required: true },
    createdAt: { type: Date, required: true },
    lastReadAt: Date,
  },
  { collection: 'calendar_feeds', versionKey: false },
);
feedSchema.index({ userId: 1 });
const FeedModel = mongoose.model('CalendarFeed', feedSchema);

interface FeedRecord {
  _id: string;
  userId: string;
  scope: FeedScope;
  createdAt: Date;
  lastReadAt?: Date;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
/** A feed token: 32 random bytes, URL-safe base64 (43 characters). */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The user's current feed (without its address, which is not kept), if any. */
export async function currentFeed(context: RequestContext): Promise<Omit<FeedRecord, '_id'> | undefined> {
  authorize(context.actor, 'schedule.read');
  const feed = await FeedModel.findOne({ userId: context.actor.id }).lean<FeedRecord>();
  return feed
    ? { userId: feed.userId, scope: feed.scope, createdAt: feed.createdAt, lastReadAt: feed.lastReadAt }
    : undefined;
}

/** Makes a new feed address for the user; any earlier one stops working. Returns the address. */
export async function createFeed(context: RequestContext, scope: FeedScope): Promise<string> {
  authorize(context.actor, 'schedule.read');
  await FeedModel.deleteMany({ userId: context.actor.id });
  const token = randomBytes(32).toString('base64url');
  await FeedModel.create({ _id: hashOf(token), userId: context.actor.id, scope, createdAt: new Date() });
  await record(context, {
    action: 'schedule.feed_create',
    target: { type: 'calendar_feed' },
    details: { scope },
  });
  return `${getConfig().publicUrl}/schedule/feed/${token}.ics`;
}

/** Stops the user's feed address from working. */
export async function revokeFeed(context: RequestContext): Promise<boolean> {
  authorize(context.actor, 'schedule.read');
  const { deletedCount } = await FeedModel.deleteMany({ userId: context.actor.id });
  if (deletedCount > 0)
    await record(context, { action: 'schedule.feed_revoke', target: { type: 'calendar_feed' } });
  return deletedCount > 0;
}

/**
 * The calendar behind a feed token, or undefined when the token is unknown or revoked, or its
 * user may no longer read the schedule (disabled, or no longer staff). Each read is audited.
 */
export async function feedCalendar(token: string, ip: string | undefined): Promise<string | undefined> {
  if (!FEED_TOKEN_PATTERN.test(token)) return undefined;
  const feed = await FeedModel.findById(hashOf(token)).lean<FeedRecord>();
  if (!feed) return undefined;
  const user = await findSessionUser(feed.userId);
  if (!user || !can(user, 'schedule.read')) return undefined;
  const locale = user.locale ?? 'en';
  const context: RequestContext = { actor: user, ip, requestId: undefined, locale };
  const items = await scheduleItems(context, { owner: feed.scope === 'mine' ? user.id : undefined });
  await FeedModel.updateOne({ _id: feed._id }, { $set: { lastReadAt: new Date() } });
  await record(context, {
    action: 'schedule.feed_read',
    target: { type: 'calendar_feed' },
    details: { items: items.length },
  });
  const t = translator(locale);
  const base = getConfig().publicUrl;
  return renderCalendar({
    name: t('schedule.feedName', { name: user.name }),
    generatedAt: new Date(),
    events: items.map((item) => ({
      uid: `${item.uid}@vetted`,
      day: item.day,
      summary: t(`schedule.kinds.${item.kind}`) + ` · ${item.supplierName}`,
      description: item.detailKey ? t(item.detailKey) : item.detail,
      url: `${base}${item.link}`,
    })),
  });
}
