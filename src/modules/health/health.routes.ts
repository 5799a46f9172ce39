import { Router } from 'express';
import mongoose from 'mongoose';
import { isDatabaseConnected } from '../../db/connection';

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
export function createHealthRouter(): Router {
  return Router()
    .get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    })
    .get('/readyz', async (_req, res) => {
      let ready = false;
      if (isDatabaseConnected()) {
        try {
          await mongoose.connection.db?.admin().ping();
          ready = true;
        } catch {
          ready = false;
        }
      }
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unavailable' });
    });
}
