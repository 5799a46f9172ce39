import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { outboxFor, outboxMail } from './outbox.service';

export function list(config: Config): RequestHandler {
  return async (req, res) => {
    res.render('outbox/list', {
      mails: await outboxFor(contextOf(req), config),
      smtp: Boolean(config.smtpUrl),
    });
  };
}

export function show(config: Config): RequestHandler {
  return async (req, res) => {
    res.render('outbox/show', { mail: await outboxMail(contextOf(req), config, String(req.params.id)) });
  };
}
