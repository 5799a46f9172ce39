import { expect } from 'chai';
import type supertest from 'supertest';
import { IncidentModel, type IncidentRecord } from '../../src/modules/incidents/incident.model';
import type { SignedIn } from '../helpers/agents';
import { day, submit, type FormFields } from '../suppliers/support';

/** A valid incident report discovered yesterday, with these fields changed. */
export function reportForm(overrides: FormFields = {}): FormFields {
  return {
    title: 'Customer list on a public share',
    description: 'A spreadsheet with customer names and phone numbers was reachable without sign-in.',
    discoveredOn: day(-1),
    reportedOn: day(0),
    categories: ['identity_contact', 'financial_account'],
    individualsAffected: '1200',
    ...overrides,
  };
}

/** The incident id a "303 → /incidents/:id" answer names. */
export function incidentIdFrom(response: supertest.Response): string {
  const id = /^\/incidents\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  expect(
    id,
    `a redirect to an incident, got ${response.status} ${String(response.headers.location)}`,
  ).to.be.a('string');
  return id ?? '';
}

/** Reports an incident through the form; its id. */
export async function reportIncident(as: SignedIn, overrides: FormFields = {}): Promise<string> {
  return incidentIdFrom(await submit(as.agent, '/incidents', reportForm(overrides)));
}

/** An incident as stored. */
export async function storedIncident(id: string): Promise<IncidentRecord> {
  const incident = await IncidentModel.findById(id).lean<IncidentRecord>();
  if (!incident) throw new Error(`no incident ${id}`);
  return incident;
}
