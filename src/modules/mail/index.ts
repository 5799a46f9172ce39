export { listOutbox, readOutboxEntry, sendMail, type OutboxEntry, type OutgoingMail } from './mailer';
