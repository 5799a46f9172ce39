import { expect } from 'chai';
import supertest from 'supertest';
import type { Role } from '../../src/modules/users/roles';
import { testApp } from './environment';
import { createUser, type TestUser, type UserOverrides } from './factories';

export type Agent = ReturnType<typeof supertest.agent>;

/** Reads the CSRF token from a page's form (every signed-in page has the sign-out form). */
export async function csrfToken(agent: Agent, path = '/account'): Promise<string> {
  const response = await agent.get(path);
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text);
  if (!match?.[1]) throw new Error(`no CSRF token on ${path} (status ${response.status})`);
  return match[1];
}

/** Signs an agent in through the real sign-in form. */
export async function signIn(agent: Agent, email: string, password: string) {
  const token = await csrfToken(agent, '/sign-in');
  return agent.post('/sign-in').type('form').send({ _csrf: token, email, password });
}

export interface SignedIn {
  agent: Agent;
  user: TestUser;
  /** Posts a form with a fresh CSRF token. */
  post(path: string, form?: Record<string, string>): Promise<supertest.Response>;
}

/** A new user of the given role (or with overrides), signed in on its own agent. */
export async function signedInAs(roleOrOverrides: Role | UserOverrides): Promise<SignedIn> {
  const overrides = typeof roleOrOverrides === 'string' ? { role: roleOrOverrides } : roleOrOverrides;
  const user = await createUser(overrides);
  const agent = supertest.agent(testApp());
  const response = await signIn(agent, user.email, user.password);
  expect(response.status, `sign-in of ${user.email}`).to.equal(303);
  return {
    agent,
    user,
    post: async (path, form = {}) =>
      agent
        .post(path)
        .type('form')
        .send({ _csrf: await csrfToken(agent), ...form }),
  };
}

/** A visitor who is not signed in. */
export function anonymous(): Agent {
  return supertest.agent(testApp());
}
