import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { currentKeyId } from '../../src/lib/crypto/field-encryption';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { reportForm, reportIncident } from '../incidents/support';
import { insertSupplier, submit, textOf } from '../suppliers/support';

const CONTACT = 'Wang Fang, +86 21 6100 2222, wang.fang@harbour.example';

async function rawIncident(id: string): Promise<Record<string, unknown>> {
  const raw = await mongoose.connection.collection('incidents').findOne({ _id: new Types.ObjectId(id) });
  expect(raw, 'the stored incident').to.not.equal(null);
  return raw ?? {};
}

describe('encryption: the Art. 57 contact of an incident', () => {
  beforeEach(resetDatabase);

  it('reported with a contact → stored only as an enc:v1 value under the current key; the incident page shows it as typed', async () => {
    const supplierId = await insertSupplier({ name: 'Harbour Hosting' });
    const vendor = await signedInAs({ role: 'vendor', supplierId });
    const id = await reportIncident(vendor, { contact: CONTACT });

    const raw = await rawIncident(id);
    expect(JSON.stringify(raw)).not.to.include('wang.fang');
    expect(JSON.stringify(raw)).not.to.include('6100 2222');
    expect(String(raw.contact)).to.match(new RegExp(`^enc:v1:${currentKeyId()}:`));

    const page = await vendor.agent.get(`/incidents/${id}`);
    expect(textOf(page.text)).to.include(CONTACT);
  });

  it('edited without touching the contact → the timeline does not name it as changed; still encrypted, still readable', async () => {
    const supplierId = await insertSupplier({ name: 'Harbour Hosting' });
    const vendor = await signedInAs({ role: 'vendor', supplierId });
    const id = await reportIncident(vendor, { contact: CONTACT });
    const edit = await vendor.agent.get(`/incidents/${id}/edit`);
    expect(edit.text).to.include(CONTACT);

    const saved = await submit(
      vendor.agent,
      `/incidents/${id}/edit`,
      reportForm({ contact: CONTACT, cause: 'A share left public after a migration' }),
    );
    expect(saved.status).to.equal(303);
    const stored = await mongoose.connection.collection('incidents').findOne({ _id: new Types.ObjectId(id) });
    const edited = (stored?.timeline as { kind: string; text?: string }[]).at(-1);
    expect(edited?.kind).to.equal('edited');
    expect(edited?.text).to.include('cause');
    expect(edited?.text).not.to.include('contact');
    expect(String(stored?.contact)).to.match(/^enc:v1:/);
    expect(textOf((await vendor.agent.get(`/incidents/${id}`)).text)).to.include(CONTACT);
  });
});
