import type { RequestContext } from '../../lib/context';
import { record } from './audit.service';

/** The two actions of the read trail: a page shown, or a file handed over. */
export const READ_ACTIONS = ['read.page', 'read.download'] as const;

/** What the read-trail middleware knows about one successful read. */
export interface ReadInput {
  /** Path and query as requested (secrets blanked). */
  url: string;
  status: number;
  /** Served as an attachment rather than shown. */
  download: boolean;
  supplierId: string | undefined;
}

/** Records that a signed-in user read a page or downloaded a file of supplier data. */
export function recordRead(context: RequestContext, read: ReadInput): Promise<void> {
  return record(context, {
    action: read.download ? 'read.download' : 'read.page',
    target: { type: 'page', label: read.url },
    supplierId: read.supplierId,
    details: { status: read.status },
  });
}
