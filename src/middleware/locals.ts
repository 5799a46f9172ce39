import type { Request, RequestHandler } from 'express';
import { dayIn } from '../lib/dates';
import { formatDate, formatDateTime } from '../lib/format';
import { getConfig } from '../config';
import { can } from '../modules/access';
import { openAlertCount } from '../modules/monitoring';
import { unreadCount } from '../modules/notifications';

interface NavItem {
  href: string;
  labelKey: string;
  /** Things waiting there (open alerts), shown beside the label. */
  count?: number;
}

export interface Navigation {
  /** The day-to-day pages, always visible in the bar. */
  main: NavItem[];
  /** Administration and reference pages, in a "More" menu so the bar fits narrower screens. */
  more: NavItem[];
}

/** Navigation entries, each shown only to users whose policies allow the page behind it. */
function navigationFor(user: Express.User | undefined): Navigation {
  const nav: Navigation = { main: [], more: [] };
  if (!user) return nav;
  nav.main.push({ href: '/', labelKey: 'nav.home' });
  if (can(user, 'suppliers.list')) {
    nav.main.push({
      href: '/suppliers',
      labelKey: user.role === 'vendor' ? 'nav.mySupplier' : 'nav.suppliers',
    });
  }
  if (can(user, 'assessments.list')) nav.main.push({ href: '/assessments', labelKey: 'nav.assessments' });
  if (can(user, 'findings.list')) nav.main.push({ href: '/findings', labelKey: 'nav.findings' });
  if (can(user, 'incidents.list')) nav.main.push({ href: '/incidents', labelKey: 'nav.incidents' });
  if (can(user, 'schedule.read')) nav.main.push({ href: '/schedule', labelKey: 'nav.schedule' });
  if (can(user, 'audit.read')) nav.main.push({ href: '/audit', labelKey: 'nav.audit' });
  if (can(user, 'alerts.read')) nav.main.push({ href: '/alerts', labelKey: 'nav.alerts' });
  if (can(user, 'reports.verify')) nav.more.push({ href: '/verify', labelKey: 'nav.verify' });
  if (can(user, 'templates.read')) nav.more.push({ href: '/templates', labelKey: 'nav.templates' });
  if (can(user, 'invitations.list')) nav.more.push({ href: '/invitations', labelKey: 'nav.invitations' });
  if (can(user, 'users.manage')) nav.more.push({ href: '/admin/users', labelKey: 'nav.users' });
  if (can(user, 'outbox.read')) nav.more.push({ href: '/admin/outbox', labelKey: 'nav.outbox' });
  if (can(user, 'settings.manage')) nav.more.push({ href: '/admin/settings', labelKey: 'nav.settings' });
  return nav;
}

/**
 * Where the language switch brings the user back to: this page, or, when the page answers a
 * form (a refused POST shown again), the page the form was on, since the form's address has no
 * page of its own.
 */
function returnPath(req: Request): string {
  if (req.method === 'GET') return req.originalUrl;
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

/** Values every view can use: the user, navigation, current path and formatting helpers. */
export const viewLocals: RequestHandler = (req, res, next) => {
  res.locals.user = req.user;
  res.locals.nav = navigationFor(req.user);
  res.locals.currentPath = req.path;
  res.locals.currentUrl = req.originalUrl;
  res.locals.languageReturnTo = returnPath(req);
  res.locals.can = can;
  res.locals.formatDate = (value: Date | string | undefined) => formatDate(value, req.locale);
  // Moments (when something happened) show in the portal's time zone; calendar days (due
  // dates, stored as midnight UTC) show as the day they are.
  const timeZone = getConfig().timeZone;
  res.locals.formatDateTime = (value: Date | string | undefined) =>
    formatDateTime(value, req.locale, timeZone);
  res.locals.timeZone = timeZone;
  // Today's calendar day in the portal's time zone: what is due before it is overdue.
  res.locals.today = dayIn(new Date(), timeZone);
  next();
};

/** The number of open access-monitoring alerts beside the "Alerts" entry, for those who see it. */
export const openAlertsInNav: RequestHandler = async (_req, res, next) => {
  const nav = res.locals.nav as Navigation | undefined;
  const item = nav?.main.find((entry) => entry.href === '/alerts');
  if (item) item.count = await openAlertCount();
  next();
};

/** The number of unread notifications, for the bell in the header of every signed-in page. */
export const unreadNotificationCount: RequestHandler = async (req, res, next) => {
  if (req.user) res.locals.unreadNotifications = await unreadCount(req.user.id);
  next();
};
