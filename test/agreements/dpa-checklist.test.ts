import { expect } from 'chai';
import { DPA_CLAUSES } from '../../src/modules/agreements';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, type TestSupplier } from '../helpers/factories';
import {
  auditEvents,
  follow,
  listRow,
  listedClauses,
  recordAgreement,
  storedAgreement,
  textOf,
} from './support';

const ALL_CLAUSES = DPA_CLAUSES.map((clause) => clause.id);
const WITHOUT_CROSS_BORDER = ALL_CLAUSES.filter((id) => id !== 'DPA-CROSS-BORDER');

/** The checklist form with every clause present unless `states` says otherwise. */
function checklistForm(states: Record<string, string> = {}, references: Record<string, string> = {}) {
  const form: Record<string, string> = {};
  for (const id of ALL_CLAUSES) {
    form[`state_${id}`] = states[id] ?? 'present';
    form[`reference_${id}`] = references[id] ?? '';
    form[`note_${id}`] = '';
  }
  return form;
}

/** Saves the supplier form with this data profile (repeated fields as a browser sends them). */
async function saveProfile(
  buyer: SignedIn,
  supplier: TestSupplier,
  profile: Record<string, string | string[]>,
) {
  const fields: Record<string, string | string[]> = {
    _csrf: await csrfToken(buyer.agent),
    name: supplier.name,
    volume: '10k_100k',
    access: 'remote_read',
    criticality: 'medium',
    mechanism: '',
    ...profile,
  };
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  return buyer.agent.post(`/suppliers/${supplier.id}`).type('form').send(body.toString());
}

describe('agreements: DPA clause checklist', () => {
  let buyer: SignedIn;
  let supplier: TestSupplier;
  let dpaId: string;
  let dpaUrl: string;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplier = await createSupplier({ name: 'Acme Cloud' });
    dpaId = await recordAgreement(buyer, supplier.id, { type: 'dpa' });
    dpaUrl = `/suppliers/${supplier.id}/agreements/${dpaId}`;
  });

  it('saving the checklist with two clauses missing and one partial → the supplier page lists exactly those as gaps and partial', async () => {
    const response = await buyer.post(
      `${dpaUrl}/checklist`,
      checklistForm(
        { 'DPA-BREACH-NOTICE': 'missing', 'DPA-AUDIT-RIGHTS': 'missing', 'DPA-SUBPROCESSOR': 'partial' },
        { 'DPA-PURPOSE': '§ 2.1' },
      ),
    );
    expect(response.status).to.equal(303);
    const page = await follow(buyer.agent, response);
    expect(textOf(page.text)).to.include('The clause checklist has been saved.');
    const stored = await storedAgreement(dpaId);
    expect(stored.checklist).to.have.length(14);
    expect(stored.checklist.find((item) => item.clause === 'DPA-PURPOSE')?.reference).to.equal('§ 2.1');

    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(listedClauses(supplierPage.text)).to.deep.equal({
      gaps: ['DPA-BREACH-NOTICE', 'DPA-AUDIT-RIGHTS'],
      partial: ['DPA-SUBPROCESSOR'],
    });
    expect(textOf(supplierPage.text)).to.include('The DPA misses 2 mandatory clauses:');
    expect(textOf(supplierPage.text)).to.include('Prompt breach notice with the PIPL Art. 57 content');
    expect(await auditEvents('agreements.checklist')).to.have.length(1);
  });

  it('a DPA with missing clauses → listed by the "DPA with missing clauses" filter; once complete → no longer listed', async () => {
    const clean = await createSupplier({ name: 'Clean Hosting' });
    const cleanDpa = await recordAgreement(buyer, clean.id, { type: 'dpa' });
    await buyer.post(`/suppliers/${clean.id}/agreements/${cleanDpa}/checklist`, checklistForm());
    await buyer.post(`${dpaUrl}/checklist`, checklistForm({ 'DPA-SECURITY': 'missing' }));

    const filtered = await buyer.agent.get('/suppliers?agreement=dpa_gaps');
    expect(listRow(filtered.text, supplier.id), 'the supplier with a gap').to.be.a('string');
    expect(textOf(listRow(filtered.text, supplier.id)!)).to.include('1 gap');
    expect(listRow(filtered.text, clean.id), 'the supplier without gaps').to.equal(undefined);

    await buyer.post(`${dpaUrl}/checklist`, checklistForm());
    const after = await buyer.agent.get('/suppliers?agreement=dpa_gaps');
    expect(listRow(after.text, supplier.id)).to.equal(undefined);
    expect(listedClauses((await buyer.agent.get(`/suppliers/${supplier.id}`)).text).gaps).to.deep.equal([]);
  });

  it('a DPA whose checklist was never filled in → every mandatory clause counts as a gap', async () => {
    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(listedClauses(supplierPage.text).gaps).to.deep.equal(WITHOUT_CROSS_BORDER);
    expect(textOf(supplierPage.text)).to.include('The DPA misses 13 mandatory clauses:');
    const filtered = await buyer.agent.get('/suppliers?agreement=dpa_gaps');
    expect(listRow(filtered.text, supplier.id)).to.be.a('string');
  });

  it('the cross-border clause missing → a gap only once the supplier sends data abroad', async () => {
    await buyer.post(`${dpaUrl}/checklist`, checklistForm({ 'DPA-CROSS-BORDER': 'missing' }));
    const domestic = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(listedClauses(domestic.text).gaps).to.deep.equal([]);
    expect(listRow((await buyer.agent.get('/suppliers?agreement=dpa_gaps')).text, supplier.id)).to.equal(
      undefined,
    );

    const response = await saveProfile(buyer, supplier, {
      destinations: ['US', 'SG'],
      mechanism: 'standard_contract',
    });
    expect(response.status, textOf(response.text).slice(0, 300)).to.equal(303);

    const abroad = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(textOf(abroad.text)).to.include('United States');
    expect(listedClauses(abroad.text).gaps).to.deep.equal(['DPA-CROSS-BORDER']);
    expect(textOf(abroad.text)).to.include('The DPA misses 1 mandatory clause:');
    const filtered = await buyer.agent.get('/suppliers?agreement=dpa_gaps');
    expect(listRow(filtered.text, supplier.id)).to.be.a('string');

    expect((await saveProfile(buyer, supplier, { destinations: [], mechanism: '' })).status).to.equal(303);
    expect(listedClauses((await buyer.agent.get(`/suppliers/${supplier.id}`)).text).gaps).to.deep.equal([]);
  });

  it('the DPA page of a supplier that keeps data in the country → the cross-border clause is not counted as a gap', async () => {
    await buyer.post(`${dpaUrl}/checklist`, checklistForm({ 'DPA-CROSS-BORDER': 'missing' }));
    const page = await buyer.agent.get(dpaUrl);
    expect(textOf(page.text)).not.to.include('mandatory clause is missing or not yet assessed');
    expect(page.text).not.to.include('class="is-gap"');
    expect(listedClauses((await buyer.agent.get(`/suppliers/${supplier.id}`)).text).gaps).to.deep.equal([]);
  });

  it('the checklist of an NDA → 404, nothing saved', async () => {
    const ndaId = await recordAgreement(buyer, supplier.id, { type: 'nda' });
    const response = await buyer.post(
      `/suppliers/${supplier.id}/agreements/${ndaId}/checklist`,
      checklistForm(),
    );
    expect(response.status).to.equal(404);
    expect((await storedAgreement(ndaId)).checklist).to.deep.equal([]);
  });

  it('a checklist state that is not one of the choices → 422 on the DPA page, nothing saved', async () => {
    await buyer.post(`${dpaUrl}/checklist`, checklistForm({ 'DPA-SECURITY': 'missing' }));
    const response = await buyer.post(`${dpaUrl}/checklist`, checklistForm({ 'DPA-PURPOSE': 'maybe' }));
    expect(response.status).to.equal(422);
    expect(textOf(response.text)).to.include('DPA clause checklist');
    const stored = await storedAgreement(dpaId);
    expect(stored.checklist.find((item) => item.clause === 'DPA-SECURITY')?.state).to.equal('missing');
    expect(stored.checklist.find((item) => item.clause === 'DPA-PURPOSE')?.state).to.equal('present');
  });
});
