import type { SessionUser } from '../../types/session-user';

const isStaff = (user: SessionUser) => user.role !== 'vendor';

/**
 * The due-diligence summary carries internal ratings and notes on findings, so it is for the
 * buying company's staff only; vendors never get one, not even of their own supplier.
 */
export const reportRules = {
  'reports.download': isStaff,
  /** Checking whether a PDF is one Vetted produced tells who made it and for which supplier. */
  'reports.verify': isStaff,
};
