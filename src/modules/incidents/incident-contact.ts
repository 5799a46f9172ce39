import { encryptField, revealField } from '../../lib/crypto/field-encryption';

/**
 * The Art. 57 contact of an incident (whom individuals should call or write to) is often a
 * person's phone number or e-mail address, so it is stored encrypted like supplier contacts
 * (see src/lib/crypto/encrypted-fields.ts). Writes seal it here, reads reveal it here.
 */
export const INCIDENT_CONTACT_PURPOSE = 'incidents.contact';

/** The contact as stored: encrypted, or absent when empty. */
export function sealIncidentContact(contact: string | undefined): string | undefined {
  return contact ? encryptField(contact, INCIDENT_CONTACT_PURPOSE) : undefined;
}

/** An incident with its contact readable (a copy; plain values from before encryption pass through). */
export function withReadableContact<T extends { contact?: string | null | undefined }>(incident: T): T {
  return incident.contact
    ? { ...incident, contact: revealField(incident.contact, INCIDENT_CONTACT_PURPOSE) }
    : incident;
}
