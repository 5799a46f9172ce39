export { reviewDirectory, type ReviewRow } from './review-directory';
export { REVIEW_KINDS, REVIEW_OUTCOMES, REVIEW_TRIGGERS, type ReviewTrigger } from './review.model';
export { reviewsOfSupplier, triggerReview } from './reviews.service';
export { registerReviewTriggers } from './review-triggers';
