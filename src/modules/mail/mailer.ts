import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config';

/** One e-mail as the portal composes it (plain text; links are written out in full). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** A mail kept in the local outbox when no SMTP server is configured. */
export interface OutboxEntry extends OutgoingMail {
  id: string;
  from: string;
  sentAt: string;
}

let transport: Transporter | undefined;

function outboxDir(config: Config): string {
  return path.join(config.dataDir, 'outbox');
}

/**
 * Sends a mail through SMTP, or, without SMTP_URL, writes it to the outbox folder where the
 * admin "Outbox" page shows it (so invitations work in a demo without a mail server).
 */
export async function sendMail(config: Config, mail: OutgoingMail): Promise<void> {
  if (config.smtpUrl) {
    transport ??= nodemailer.createTransport(config.smtpUrl);
    await transport.sendMail({ from: config.mailFrom, ...mail });
    return;
  }
  const sentAt = new Date();
  const id = `${sentAt.getTime()}-${randomBytes(4).toString('hex')}`;
  const entry: OutboxEntry = { id, from: config.mailFrom, sentAt: sentAt.toISOString(), ...mail };
  await fs.mkdir(outboxDir(config), { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(outboxDir(config), `${id}.json`), JSON.stringify(entry, null, 2), {
    mode: 0o600,
  });
}

const outboxIdPattern = /^\d{13}-[a-f\d]{8}$/;

/** The outbox, newest first. */
export async function listOutbox(config: Config, limit = 200): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(outboxDir(config));
  } catch {
    return [];
  }
  const ids = names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -5))
    .filter((id) => outboxIdPattern.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  const entries = await Promise.all(ids.map((id) => readOutboxEntry(config, id)));
  return entries.filter((entry): entry is OutboxEntry => entry !== undefined);
}

/** One outbox mail, or undefined when the id is unknown or malformed. */
export async function readOutboxEntry(config: Config, id: string): Promise<OutboxEntry | undefined> {
  if (!outboxIdPattern.test(id)) return undefined;
  try {
    return JSON.parse(await fs.readFile(path.join(outboxDir(config), `${id}.json`), 'utf8')) as OutboxEntry;
  } catch {
    return undefined;
  }
}
