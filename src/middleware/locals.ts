import type { RequestHandler } from 'express';
import { formatDate, formatDateTime } from '../lib/format';
import { can } from '../modules/access';

interface NavItem {
  href: string;
  labelKey: string;
}

/** Navigation entries, each shown only to users whose policies allow the page behind it. */
function navigationFor(user: Express.User | undefined): NavItem[] {
  if (!user) return [];
  const items: NavItem[] = [{ href: '/', labelKey: 'nav.home' }];
  if (can(user, 'suppliers.list')) {
    items.push({ href: '/suppliers', labelKey: user.role === 'vendor' ? 'nav.mySupplier' : 'nav.suppliers' });
  }
  if (can(user, 'invitations.list')) items.push({ href: '/invitations', labelKey: 'nav.invitations' });
  if (can(user, 'users.manage')) items.push({ href: '/admin/users', labelKey: 'nav.users' });
  if (can(user, 'audit.read')) items.push({ href: '/audit', labelKey: 'nav.audit' });
  if (can(user, 'outbox.read')) items.push({ href: '/admin/outbox', labelKey: 'nav.outbox' });
  if (can(user, 'settings.manage')) items.push({ href: '/admin/settings', labelKey: 'nav.settings' });
  return items;
}

/** Values every view can use: the user, navigation, current path and formatting helpers. */
export const viewLocals: RequestHandler = (req, res, next) => {
  res.locals.user = req.user;
  res.locals.nav = navigationFor(req.user);
  res.locals.currentPath = req.path;
  res.locals.currentUrl = req.originalUrl;
  res.locals.can = can;
  res.locals.formatDate = (value: Date | string | undefined) => formatDate(value, req.locale);
  res.locals.formatDateTime = (value: Date | string | undefined) => formatDateTime(value, req.locale);
  next();
};
