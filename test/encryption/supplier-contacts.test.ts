import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { currentKeyId } from '../../src/lib/crypto/field-encryption';
import { supplierDirectory } from '../../src/modules/suppliers';
import { SupplierModel } from '../../src/modules/suppliers/suppliers.model';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  download,
  fieldsWithErrors,
  inputValue,
  submit,
  supplierIdFrom,
  textOf,
  type FormFields,
} from '../suppliers/support';

const EMAIL = 'li.na@northwind.example';
const PHONE = '+86 10 6512 3456';
const SECOND_EMAIL = 'tom.baker@northwind.example';

/** A small supplier form with two contacts. */
function form(overrides: FormFields = {}): FormFields {
  return {
    name: 'Northwind Analytics',
    volume: 'none',
    access: 'none',
    criticality: 'low',
    contact_name_0: 'Li Na',
    contact_title_0: 'Account manager',
    contact_email_0: EMAIL,
    contact_phone_0: PHONE,
    contact_name_1: 'Tom Baker',
    contact_email_1: SECOND_EMAIL,
    ...overrides,
  };
}

/** The supplier document exactly as MongoDB holds it, as JSON. */
async function rawJson(id: string): Promise<string> {
  const raw = await mongoose.connection.collection('suppliers').findOne({ _id: new Types.ObjectId(id) });
  return JSON.stringify(raw);
}

describe('encryption: supplier contacts at rest', () => {
  beforeEach(resetDatabase);

  it('procurement saves a contact through the form → the stored document holds neither phone nor e-mail, only enc:v1 values with the key id', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(buyer.agent, '/suppliers', form());
    expect(response.status, fieldsWithErrors(response.text).join(', ')).to.equal(303);
    const json = await rawJson(supplierIdFrom(response));
    for (const secret of [EMAIL, PHONE, SECOND_EMAIL, 'northwind.example', '6512 3456']) {
      expect(json, secret).not.to.include(secret);
    }
    expect(json).to.include(`enc:v1:${currentKeyId()}:`);
    expect(json, 'names stay readable').to.include('Li Na');
  });

  it('the supplier page and the edit form → show the phone and e-mail as typed', async () => {
    const buyer = await signedInAs('procurement');
    const id = supplierIdFrom(await submit(buyer.agent, '/suppliers', form()));
    const page = await buyer.agent.get(`/suppliers/${id}`);
    expect(page.status).to.equal(200);
    expect(textOf(page.text)).to.include(`Li Na Account manager ${EMAIL} ${PHONE}`);
    expect(page.text).not.to.include('enc:v1');

    const edit = await buyer.agent.get(`/suppliers/${id}/edit`);
    expect(inputValue(edit.text, 'contact_email_0')).to.equal(EMAIL);
    expect(inputValue(edit.text, 'contact_phone_0')).to.equal(PHONE);
    expect(inputValue(edit.text, 'contact_email_1')).to.equal(SECOND_EMAIL);
    expect(edit.text).not.to.include('enc:v1');
  });

  it('the form saved again unchanged → contacts read back the same and the audit trail names no contact change', async () => {
    const buyer = await signedInAs('procurement');
    const id = supplierIdFrom(await submit(buyer.agent, '/suppliers', form()));
    const saved = await submit(buyer.agent, `/suppliers/${id}`, form({ services: 'Analytics' }));
    expect(saved.status, fieldsWithErrors(saved.text).join(', ')).to.equal(303);
    const page = await buyer.agent.get(`/suppliers/${id}`);
    expect(textOf(page.text)).to.include(`${EMAIL} ${PHONE}`);
    const event = await mongoose.connection
      .collection('audit_events')
      .findOne({ action: 'suppliers.update' }, { sort: { seq: -1 } });
    expect(String(event?.details?.changed)).to.equal('services');
  });

  it('a contact changed through the form → the new phone shows, still encrypted at rest', async () => {
    const buyer = await signedInAs('procurement');
    const id = supplierIdFrom(await submit(buyer.agent, '/suppliers', form()));
    await submit(buyer.agent, `/suppliers/${id}`, form({ contact_phone_0: '+86 21 5555 0000' }));
    expect(textOf((await buyer.agent.get(`/suppliers/${id}`)).text)).to.include('+86 21 5555 0000');
    expect(await rawJson(id)).not.to.include('5555 0000');
  });

  it('a contact stored in plain text before encryption existed → still shown on the page and in the form', async () => {
    const buyer = await signedInAs('procurement');
    const created = await SupplierModel.create({
      name: 'Legacy Ltd',
      status: 'active',
      contacts: [{ name: 'Old Contact', email: 'old@legacy.example', phone: '+44 20 7946 0000' }],
    });
    await supplierDirectory.publish(created.toObject());
    const id = created._id.toString();
    expect(textOf((await buyer.agent.get(`/suppliers/${id}`)).text)).to.include(
      'Old Contact old@legacy.example +44 20 7946 0000',
    );
    expect(inputValue((await buyer.agent.get(`/suppliers/${id}/edit`)).text, 'contact_email_0')).to.equal(
      'old@legacy.example',
    );
  });

  it('exports of the list and the register → no ciphertext in any cell (contacts are not among their columns)', async () => {
    const buyer = await signedInAs('procurement');
    supplierIdFrom(await submit(buyer.agent, '/suppliers', form()));
    for (const path of ['/suppliers/export.csv', '/suppliers/register.csv']) {
      const response = await download(buyer.agent, path);
      expect(response.status, path).to.equal(200);
      const text = response.body.toString('utf8');
      expect(text, path).to.include('Northwind Analytics');
      expect(text, path).not.to.include('enc:v1');
    }
  });
});
