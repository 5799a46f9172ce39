import type { Config } from '../../config';
import type { RequestContext } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { authorize } from '../access';
import { record } from '../audit';
import { listOutbox, readOutboxEntry, type OutboxEntry } from './mailer';

/** The local outbox (admins only). */
export async function outboxFor(context: RequestContext, config: Config): Promise<OutboxEntry[]> {
  authorize(context.actor, 'outbox.read');
  return listOutbox(config);
}

/** One mail of the outbox; reading it is audited because mails carry set-password links. */
export async function outboxMail(context: RequestContext, config: Config, id: string): Promise<OutboxEntry> {
  authorize(context.actor, 'outbox.read');
  const mail = await readOutboxEntry(config, id);
  if (!mail) throw new NotFoundError();
  await record(context, { action: 'outbox.read', target: { type: 'mail', id, label: mail.to } });
  return mail;
}
