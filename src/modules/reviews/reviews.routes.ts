import { Router } from 'express';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import * as reviews from './reviews.controller';

/** Supplier reviews: staff read them, buyers start, edit and complete them; vendors never. */
export function createReviewsRouter(): Router {
  const staff = requireRole('admin', 'procurement', 'auditor');
  const buyers = requireRole('admin', 'procurement');
  return Router()
    .post('/suppliers/:supplierId/reviews', requireSignedIn, buyers, reviews.start)
    .get('/reviews/:id', requireSignedIn, staff, reviews.show)
    .post('/reviews/:id', requireSignedIn, buyers, reviews.updateDetails)
    .post('/reviews/:id/complete', requireSignedIn, buyers, reviews.complete)
    .post('/reviews/:id/conditions/:index', requireSignedIn, buyers, reviews.markCondition);
}
