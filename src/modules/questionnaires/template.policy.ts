import type { SessionUser } from '../../types/session-user';

/** Administrators write questionnaire templates; all staff may read them. */
export const templateRules = {
  'templates.read': (user: SessionUser) => user.role !== 'vendor',
  'templates.manage': (user: SessionUser) => user.role === 'admin',
};
