import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { monthStart, parseDay } from '../../lib/dates';
import { NotFoundError } from '../../lib/errors';
import { formBody } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import { reviewClock } from '../suppliers';
import { listStaffUsers } from '../users';
import { FEED_SCOPES, createFeed, currentFeed, feedCalendar, revokeFeed } from './calendar-feed';
import { SCHEDULE_KINDS, monthSchedule, upcomingSchedule } from './schedule.service';

/** The look-ahead windows the list offers, in days. */
export const WINDOWS = [30, 60, 90] as const;

const blank = (value: unknown) => (value === '' ? undefined : value);
const ownerFilter = z.preprocess(
  blank,
  z
    .string()
    .regex(/^([a-f\d]{24}|none)$/)
    .optional()
    .catch(undefined),
);
const listSchema = z.object({
  owner: ownerFilter,
  days: z.coerce
    .number()
    .refine((value) => (WINDOWS as readonly number[]).includes(value))
    .catch(30),
  kind: z.preprocess(blank, z.enum(SCHEDULE_KINDS).optional().catch(undefined)),
});
const calendarSchema = z.object({
  owner: ownerFilter,
  month: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional()
      .catch(undefined),
  ),
});

async function ownerChoices(req: Request) {
  return (await listStaffUsers(contextOf(req))).filter((member) => member.role !== 'auditor');
}

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(listSchema, req.query);
  const context = contextOf(req);
  const [schedule, owners, feed] = await Promise.all([
    upcomingSchedule(context, filter),
    ownerChoices(req),
    currentFeed(context),
  ]);
  const ofKind = <T extends { kind: string }>(items: T[]) =>
    filter.kind ? items.filter((item) => item.kind === filter.kind) : items;
  // A feed address just made is shown this once: only its hash is stored, and the address
  // itself passes through the session for this one page.
  const newFeedUrl = req.session.newFeedUrl;
  delete req.session.newFeedUrl;
  res.render('schedule/list', {
    overdue: ofKind(schedule.overdue),
    upcoming: ofKind(schedule.upcoming),
    filter,
    owners,
    windows: WINDOWS,
    kinds: SCHEDULE_KINDS,
    feed,
    feedScopes: FEED_SCOPES,
    newFeedUrl,
  });
};

export const calendar: RequestHandler = async (req, res) => {
  const filter = parseInput(calendarSchema, req.query);
  const context = contextOf(req);
  const { today } = await reviewClock();
  const month = monthStart(filter.month ? (parseDay(`${filter.month}-01`) ?? today) : today);
  const [{ byDay }, owners] = await Promise.all([
    monthSchedule(context, { ...filter, month }),
    ownerChoices(req),
  ]);
  res.render('schedule/calendar', { month, byDay, today, filter, owners });
};

export const makeFeed: RequestHandler = async (req, res) => {
  const { scope } = parseInput(z.object({ scope: z.enum(FEED_SCOPES) }), formBody(req));
  req.session.newFeedUrl = await createFeed(contextOf(req), scope);
  req.flash('success', 'schedule.feed.created');
  res.redirect(303, '/schedule#feed');
};

export const removeFeed: RequestHandler = async (req, res) => {
  if (await revokeFeed(contextOf(req))) req.flash('success', 'schedule.feed.revoked');
  res.redirect(303, '/schedule#feed');
};

/** The .ics feed a calendar application polls: no session, the token in the address is the key. */
export function feed(config: Config): RequestHandler {
  return async (req, res) => {
    const match = /^([A-Za-z0-9_-]{43})\.ics$/.exec(String(req.params.file));
    const calendarText = match?.[1] ? await feedCalendar(match[1], req.ip) : undefined;
    if (!calendarText) throw new NotFoundError();
    res.set({
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="vetted.ics"',
      'Cache-Control': `private, max-age=${config.isProduction ? 900 : 0}`,
    });
    res.send(calendarText);
  };
}
