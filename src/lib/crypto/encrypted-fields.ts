/**
 * Every field stored encrypted with encryptField, in one list: `npm run keys:rotate` walks it to
 * re-encrypt values under the current key (and to encrypt plain values written before a field
 * was encrypted). A new encrypted field is added here, or rotation leaves it under old keys.
 *
 * Left in plain text on purpose: users' e-mail addresses (the sign-in key, looked up by equality
 * and unique), supplier identity (company data, searched and listed), contact names and titles,
 * and agreement signatories' names (shown on lists and PDFs; a name alone says little), and
 * invitations (a copy of the user's e-mail that expires).
 */
export interface EncryptedField {
  /** MongoDB collection. */
  collection: string;
  /** Top-level field: a string, or an array of sub-documents when `element` is given. */
  field: string;
  /** The string field inside each array element. */
  element?: string;
  /** The purpose the value was encrypted with (encryptField's second argument). */
  purpose?: string;
}

export const ENCRYPTED_FIELDS: readonly EncryptedField[] = [
  // Purposes match CONTACT_PURPOSE in src/modules/suppliers/supplier-contacts.ts.
  { collection: 'suppliers', field: 'contacts', element: 'email', purpose: 'suppliers.contacts.email' },
  { collection: 'suppliers', field: 'contacts', element: 'phone', purpose: 'suppliers.contacts.phone' },
  // Both TOTP secrets use one purpose: a confirmed pending secret is copied as it is (users/mfa.service.ts).
  // Purpose matches INCIDENT_CONTACT_PURPOSE in src/modules/incidents/incident-contact.ts.
  { collection: 'incidents', field: 'contact', purpose: 'incidents.contact' },
  { collection: 'users', field: 'mfaSecret', purpose: 'users.mfaSecret' },
  { collection: 'users', field: 'mfaPendingSecret', purpose: 'users.mfaSecret' },
];

/** How a registry entry is named in reports, e.g. "suppliers.contacts[].email". */
export function fieldLabel(entry: EncryptedField): string {
  return `${entry.collection}.${entry.field}${entry.element ? `[].${entry.element}` : ''}`;
}
