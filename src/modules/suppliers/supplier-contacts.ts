import { encryptField, revealField } from '../../lib/crypto/field-encryption';
import type { SupplierContact } from './suppliers.model';

/**
 * Supplier contacts' e-mail addresses and phone numbers are personal information about people at
 * the supplier, so they are stored encrypted (see src/lib/crypto/encrypted-fields.ts). Everything
 * that writes contacts seals them here and everything that shows them reveals them here.
 */

/** The purpose each encrypted contact field is bound to (authenticated with the ciphertext). */
export const CONTACT_PURPOSE = {
  email: 'suppliers.contacts.email',
  phone: 'suppliers.contacts.phone',
} as const;

/** Contacts as they are stored: e-mail and phone encrypted, empty ones left out. */
export function sealContacts(contacts: readonly SupplierContact[]): SupplierContact[] {
  return contacts
    .map((contact) => ({
      ...contact,
      email: contact.email ? encryptField(contact.email, CONTACT_PURPOSE.email) : undefined,
      phone: contact.phone ? encryptField(contact.phone, CONTACT_PURPOSE.phone) : undefined,
    }))
    .map(withoutEmpty);
}

/** Contacts as people read them; plain values written before encryption pass through. */
export function revealContacts(contacts: readonly SupplierContact[] | undefined): SupplierContact[] {
  return (contacts ?? []).map((contact) =>
    withoutEmpty({
      ...contact,
      email: contact.email ? revealField(contact.email, CONTACT_PURPOSE.email) : undefined,
      phone: contact.phone ? revealField(contact.phone, CONTACT_PURPOSE.phone) : undefined,
    }),
  );
}

/** A supplier record with its contacts readable (a copy; the stored record is not changed). */
export function withReadableContacts<T extends { contacts?: SupplierContact[] }>(supplier: T): T {
  return supplier.contacts ? { ...supplier, contacts: revealContacts(supplier.contacts) } : supplier;
}

// Keys holding undefined would be stored as null by some drivers and compared as changes.
function withoutEmpty(contact: SupplierContact): SupplierContact {
  const result: SupplierContact = { name: contact.name };
  if (contact.title !== undefined) result.title = contact.title;
  if (contact.email !== undefined) result.email = contact.email;
  if (contact.phone !== undefined) result.phone = contact.phone;
  return result;
}
