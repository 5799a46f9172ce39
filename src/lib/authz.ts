import type { SessionUser } from '../types/session-user';
import { ForbiddenError } from './errors';

/** A rule answers one question: may this user do this action (to this resource)? */
export type Rule = ((user: SessionUser) => boolean) | ((user: SessionUser, resource: never) => boolean);

type ResourceArgs<R> = R extends (user: SessionUser) => boolean
  ? []
  : R extends (user: SessionUser, resource: infer Resource) => boolean
    ? [resource: Resource]
    : never;

/** `can(user, action, resource?)`: true only when the action's rule says yes. */
export type Can<Rules extends Record<string, Rule>> = <Action extends keyof Rules & string>(
  user: SessionUser | undefined,
  action: Action,
  ...resource: ResourceArgs<Rules[Action]>
) => boolean;

/** Like `can`, but throws ForbiddenError; afterwards the user is known to be signed in. */
export type Authorize<Rules extends Record<string, Rule>> = <Action extends keyof Rules & string>(
  user: SessionUser | undefined,
  action: Action,
  ...resource: ResourceArgs<Rules[Action]>
) => asserts user is SessionUser;

/**
 * Builds `can` over a table of rules. Access is denied by default: no user, an unknown
 * action, or a rule that does not return exactly `true` all mean "no".
 */
export function createCan<Rules extends Record<string, Rule>>(rules: Rules): Can<Rules> {
  return (user, action, ...resource) => {
    if (!user || !Object.hasOwn(rules, action)) return false;
    const rule = rules[action] as (user: SessionUser, resource?: unknown) => boolean;
    // Only a literal `true` grants access; anything else a rule returns is a denial.
    const verdict: unknown = rule(user, resource[0]);
    return verdict === true;
  };
}

/** Builds `authorize` from `can`. */
export function createAuthorize<Rules extends Record<string, Rule>>(can: Can<Rules>): Authorize<Rules> {
  return (user, action, ...resource) => {
    if (!can(user, action, ...resource)) throw new ForbiddenError();
  };
}
