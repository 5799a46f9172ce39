import { expect } from 'chai';
import type supertest from 'supertest';
import type { Role } from '../../src/modules/users/roles';
import type { SignedIn } from '../helpers/agents';
import type { Expectation, Fixture } from './route-table';

/**
 * What the route-table tests (access matrix, uploads) share: test names written before the
 * records exist, and the check of one answer against what a visitor must get.
 */

/** Stands in for real ids in test names (the records exist only once the tests run). */
export const NAMING_FIXTURE: Fixture = {
  agents: {} as Record<Role, SignedIn>,
  ownSupplierId: '<own id>',
  otherSupplierId: '<other id>',
  targetUserId: '<user id>',
  invitationId: '<invitation id>',
  outboxId: '<mail id>',
  incidents: { own: '<own incident id>', other: '<other incident id>' },
};

export function describeExpectation(expected: Expectation): string {
  switch (expected) {
    case 'sign-in':
      return '303 /sign-in';
    case 'unauthorized':
      return '401';
    case 'forbidden':
      return '403';
    case 'not-found':
      return '404';
    default:
      return expected.location ? `${expected.status} ${String(expected.location)}` : String(expected.status);
  }
}

export function assertAnswer(response: supertest.Response, expected: Expectation): void {
  const summary = `got ${response.status} ${response.headers.location ?? ''}`;
  switch (expected) {
    case 'sign-in':
      expect(response.status, summary).to.equal(303);
      expect(response.headers.location).to.equal('/sign-in');
      return;
    case 'unauthorized':
      expect(response.status, summary).to.equal(401);
      return;
    case 'forbidden':
      expect(response.status, summary).to.equal(403);
      expect(response.text).to.include('Access denied');
      return;
    case 'not-found':
      expect(response.status, summary).to.equal(404);
      expect(response.text).to.include('Page not found');
      return;
    default:
      expect(response.status, summary).to.equal(expected.status);
      expect(response.status).not.to.be.oneOf([401, 403]);
      if (expected.location instanceof RegExp) expect(response.headers.location).to.match(expected.location);
      else if (expected.location) expect(response.headers.location).to.equal(expected.location);
      if (expected.status === 200 && response.type === 'text/html') {
        expect(response.text).not.to.include('Access denied');
      }
  }
}
