/** The four kinds of user; see DESIGN.md "Who uses it". */
export const ROLES = ['admin', 'procurement', 'auditor', 'vendor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of people who work for the company running Vetted (everyone but vendors). */
export const STAFF_ROLES = ['admin', 'procurement', 'auditor'] as const satisfies readonly Role[];

export function isStaffRole(role: Role): boolean {
  return role !== 'vendor';
}
