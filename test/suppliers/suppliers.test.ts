import { expect } from 'chai';
import { addMonths } from '../../src/lib/dates';
import { revealContacts } from '../../src/modules/suppliers/supplier-contacts';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import {
  auditEvents,
  checkedValues,
  fieldError,
  fieldsWithErrors,
  flashes,
  follow,
  inputValue,
  selectedValues,
  shownDate,
  storedSupplier,
  submit,
  supplierCount,
  supplierIdFrom,
  textOf,
  textareaValue,
  type FormFields,
} from './support';

const NOTES = 'Negotiating a 15% discount; do not tell them about the competing bid';

/**
 * Everything the supplier form asks, filled in: two contacts (and a blank third row), three
 * categories of which two sensitive, two destinations, one subprocessor.
 */
function fullForm(owner: SignedIn, overrides: FormFields = {}): FormFields {
  return {
    name: 'Northwind Analytics',
    legalName: '北京北风数据分析有限公司',
    registrationId: '91350100m000100y43',
    country: 'CN',
    website: 'https://northwind.example',
    services: 'Customer analytics dashboards',
    ownerId: owner.user.id,
    internalNotes: NOTES,
    purpose: 'Analysing purchase behaviour',
    method: 'Hosted SaaS with nightly exports',
    categories: ['identity_contact', 'financial_account', 'medical_health'],
    volume: '100k_1m',
    access: 'holds_copy',
    criticality: 'high',
    destinations: ['SG', 'US'],
    mechanism: 'standard_contract',
    contact_name_0: 'Li Na',
    contact_title_0: 'Account manager',
    contact_email_0: 'li.na@northwind.example',
    contact_phone_0: '+86 10 6512 3456',
    contact_name_1: 'Tom Baker',
    contact_title_1: 'Security officer',
    contact_email_1: 'tom.baker@northwind.example',
    contact_phone_1: '',
    contact_name_2: '',
    contact_title_2: '',
    contact_email_2: '',
    contact_phone_2: '',
    sub_name_0: 'CloudCo Hosting',
    sub_country_0: 'SG',
    sub_service_0: 'Infrastructure hosting',
    sub_categories_0: ['identity_contact', 'financial_account'],
    sub_consentDate_0: '2026-01-15',
    ...overrides,
  };
}

/** A supplier form that rates as low as possible. */
function lowForm(name: string): FormFields {
  return { name, volume: 'none', access: 'none', criticality: 'low' };
}

async function createThroughForm(buyer: SignedIn, fields: FormFields): Promise<string> {
  const response = await submit(buyer.agent, '/suppliers', fields);
  expect(response.status, fieldsWithErrors(response.text).join(', ')).to.equal(303);
  return supplierIdFrom(response);
}

async function changeStatus(buyer: SignedIn, id: string, status: string, reason: string) {
  return submit(buyer.agent, `/suppliers/${id}/status`, { status, reason });
}

describe('suppliers: creating a supplier', () => {
  beforeEach(resetDatabase);

  it('procurement submits the full form → 303 to the new page, which shows the tier and every reason for it', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(buyer.agent, '/suppliers', fullForm(buyer));
    const id = supplierIdFrom(response);

    const page = await follow(buyer.agent, response);
    expect(page.status).to.equal(200);
    expect(flashes(page.text)).to.deep.include({
      type: 'success',
      text: 'Northwind Analytics has been added.',
    });
    const text = textOf(page.text);
    expect(page.text).to.include('<h1 class="title">Northwind Analytics</h1>');
    expect(page.text).to.match(/<span class="tag is-danger tier-tag">Critical<\/span>/);
    // sensitive 30 + 5 · 100k–1M 15 · holds a copy 20 · abroad 10 · subprocessor 5 · high 6
    expect(text).to.include('score 91');
    for (const reason of [
      'Processes sensitive personal information (2 categories) +35',
      'Individuals: 100,000 – 1 million +15',
      'Access: Holds a copy +20',
      'Sends data abroad (2 destinations) +10',
      'Passes personal information to 1 subprocessor +5',
      'Business criticality: High +6',
    ])
      expect(text).to.include(reason);
    expect(text).not.to.include('No valid cross-border mechanism recorded');
    expect(text).to.include('Reviewed every 6 months at this tier.');
    expect(text).to.include(NOTES);
    expect(text).to.include('Li Na Account manager li.na@northwind.example +86 10 6512 3456');
    expect(text).to.include('CloudCo Hosting');
    expect(text).to.include(`Owner ${buyer.user.name}`);

    const stored = await storedSupplier(id);
    expect(stored.registrationId, 'stored in capitals').to.equal('91350100M000100Y43');
    expect(stored.legalName).to.equal('北京北风数据分析有限公司');
    expect(stored.status).to.equal('prospect');
    expect(stored.ownerId).to.equal(buyer.user.id);
    expect(stored.ownerName).to.equal(buyer.user.name);
    expect(stored.contacts[0]?.email, 'stored encrypted').to.match(/^enc:v1:/);
    expect(revealContacts(stored.contacts), 'the blank third row is dropped').to.deep.equal([
      {
        name: 'Li Na',
        title: 'Account manager',
        email: 'li.na@northwind.example',
        phone: '+86 10 6512 3456',
      },
      { name: 'Tom Baker', title: 'Security officer', email: 'tom.baker@northwind.example' },
    ]);
    expect(stored.subprocessors).to.have.length(1);
    expect(stored.subprocessors[0]?.categories).to.deep.equal(['identity_contact', 'financial_account']);
    expect(stored.subprocessors[0]?.consentDate?.toISOString()).to.equal('2026-01-15T00:00:00.000Z');
    expect(stored.dataProfile.categories).to.deep.equal([
      'identity_contact',
      'financial_account',
      'medical_health',
    ]);
    expect(stored.dataProfile.destinations).to.deep.equal(['SG', 'US']);
    expect(stored.dataProfile.mechanism).to.equal('standard_contract');
    expect(stored.risk.inherentTier).to.equal('critical');
    expect(stored.risk.inherentScore).to.equal(91);
    expect(stored.internalNotes).to.equal(NOTES);

    const [created] = await auditEvents('suppliers.create');
    expect(created?.target).to.include({ type: 'supplier', id });
    expect(created?.details).to.deep.equal({ tier: 'critical', score: 91 });
    expect(created?.actor?.id).to.equal(buyer.user.id);
  });

  it('a prospect with only a name → low, "No personal information processed"', async () => {
    const buyer = await signedInAs('admin');
    const response = await submit(buyer.agent, '/suppliers', { name: '  Plain Stationery Co  ' });
    const page = await follow(buyer.agent, response);
    expect(page.text).to.include('<h1 class="title">Plain Stationery Co</h1>');
    expect(textOf(page.text)).to.include('No personal information processed');
    expect(page.text).to.match(/tier-tag">Low<\/span>/);
  });

  it('sensitive information of 100,000 or more individuals → the page says "at least high" and why', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(buyer.agent, '/suppliers', {
      name: 'Clinic Records Ltd',
      categories: ['medical_health'],
      volume: '100k_1m',
    });
    const page = await follow(buyer.agent, response);
    expect(page.text).to.match(/tier-tag">High<\/span>/);
    const text = textOf(page.text);
    expect(text).to.include('score 45');
    expect(text).to.include('At least high: sensitive information of 100,000 or more individuals');
    expect(text).to.include('Reviewed every 12 months at this tier.');
  });

  it('a bad email in contact row 1 and a bad website → 422, each message beside its field, everything typed kept, nothing stored', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(
      buyer.agent,
      '/suppliers',
      fullForm(buyer, { contact_email_1: 'tom-at-northwind', website: 'northwind dot example' }),
    );
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'contact_email_1')).to.equal(
      'Enter an email address such as name@example.com.',
    );
    expect(fieldError(response.text, 'website')).to.equal('Enter a web address such as https://example.com.');
    expect(fieldsWithErrors(response.text).sort()).to.deep.equal(['contact_email_1', 'website']);
    expect(textOf(response.text)).to.include('Please correct the 2 fields marked below.');

    // What the user typed comes back, in every section of the form.
    expect(inputValue(response.text, 'contact_email_1')).to.equal('tom-at-northwind');
    expect(inputValue(response.text, 'website')).to.equal('northwind dot example');
    expect(inputValue(response.text, 'name')).to.equal('Northwind Analytics');
    expect(inputValue(response.text, 'contact_name_0')).to.equal('Li Na');
    expect(inputValue(response.text, 'sub_name_0')).to.equal('CloudCo Hosting');
    expect(inputValue(response.text, 'sub_consentDate_0')).to.equal('2026-01-15');
    expect(textareaValue(response.text, 'internalNotes')).to.equal(NOTES);
    expect(checkedValues(response.text, 'categories').sort()).to.deep.equal([
      'financial_account',
      'identity_contact',
      'medical_health',
    ]);
    expect(selectedValues(response.text, 'destinations').sort()).to.deep.equal(['SG', 'US']);
    expect(selectedValues(response.text, 'sub_categories_0').sort()).to.deep.equal([
      'financial_account',
      'identity_contact',
    ]);
    expect(selectedValues(response.text, 'mechanism')).to.deep.equal(['standard_contract']);
    expect(selectedValues(response.text, 'volume')).to.deep.equal(['100k_1m']);
    expect(selectedValues(response.text, 'ownerId')).to.deep.equal([buyer.user.id]);
    expect(await supplierCount()).to.equal(0);
    expect(await auditEvents('suppliers.create')).to.have.length(0);
  });

  it('a Chinese company whose USCC has a wrong check character, destinations without a mechanism, an auditor as owner → 422 with all three messages', async () => {
    const buyer = await signedInAs('procurement');
    const auditor = await createUser({ role: 'auditor', name: 'Audrey Auditor' });
    const response = await submit(
      buyer.agent,
      '/suppliers',
      fullForm(buyer, { registrationId: '91350100M000100Y40', mechanism: '', ownerId: auditor.id }),
    );
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'registrationId')).to.equal(
      'This is not a valid unified social credit code: check the 18 characters.',
    );
    expect(fieldError(response.text, 'mechanism')).to.equal(
      'Choose the mechanism used for sending data abroad.',
    );
    expect(fieldError(response.text, 'ownerId')).to.equal('Choose one of the options.');
    expect(inputValue(response.text, 'registrationId')).to.equal('91350100M000100Y40');
    expect(selectedValues(response.text, 'destinations').sort()).to.deep.equal(['SG', 'US']);
    // Auditors read; they do not own suppliers, so the owner list does not offer them.
    expect(response.text).not.to.include(`<option value="${auditor.id}"`);
    expect(await supplierCount()).to.equal(0);
  });

  it('a vendor user or a disabled buyer as owner → 422 "Choose one of the options."', async () => {
    const buyer = await signedInAs('procurement');
    const vendor = await createUser({ role: 'vendor' });
    const disabled = await createUser({ role: 'procurement', disabled: true });
    for (const ownerId of [vendor.id, disabled.id, '0123456789abcdef01234567']) {
      const response = await submit(buyer.agent, '/suppliers', { name: 'Owned Ltd', ownerId });
      expect(response.status, ownerId).to.equal(422);
      expect(fieldError(response.text, 'ownerId')).to.equal('Choose one of the options.');
    }
    // Only the vendor's own supplier, made by the factory.
    expect(await supplierCount()).to.equal(1);
  });

  it('the same wrong USCC for a Singapore company → accepted (the check is for Chinese companies); odd characters → 422', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(buyer.agent, '/suppliers', {
      name: 'Lion City Data',
      country: 'SG',
      registrationId: '91350100M000100Y40',
    });
    expect(response.status).to.equal(303);
    const bad = await submit(buyer.agent, '/suppliers', {
      name: 'Bad Characters',
      registrationId: 'AB 12/34',
    });
    expect(bad.status).to.equal(422);
    expect(fieldError(bad.text, 'registrationId')).to.equal('Use letters, digits and hyphens only.');
  });

  it('a registration id another supplier has (in any letter case) → 422 naming that supplier; keeping its own id on edit is fine', async () => {
    const buyer = await signedInAs('procurement');
    const first = await createThroughForm(buyer, {
      name: 'First Holder Ltd',
      country: 'CN',
      registrationId: '91350100M000100Y43',
    });
    const second = await submit(buyer.agent, '/suppliers', {
      name: 'Second Holder Ltd',
      country: 'CN',
      registrationId: '91350100m000100y43',
    });
    expect(second.status).to.equal(422);
    expect(fieldError(second.text, 'registrationId')).to.equal(
      'This registration id is already used by First Holder Ltd.',
    );
    expect(inputValue(second.text, 'name')).to.equal('Second Holder Ltd');
    expect(await supplierCount()).to.equal(1);

    const edit = await submit(buyer.agent, `/suppliers/${first}`, {
      name: 'First Holder Ltd (renamed)',
      country: 'CN',
      registrationId: '91350100M000100Y43',
    });
    expect(edit.status).to.equal(303);
    expect((await storedSupplier(first)).name).to.equal('First Holder Ltd (renamed)');
  });

  it('mistakes of every kind in one submission (a bad email and a wrong USCC check character and no mechanism) → all shown at once', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(
      buyer.agent,
      '/suppliers',
      fullForm(buyer, {
        contact_email_1: 'tom-at-northwind',
        registrationId: '91350100M000100Y40',
        mechanism: '',
      }),
    );
    expect(response.status).to.equal(422);
    expect(fieldsWithErrors(response.text).sort()).to.deep.equal([
      'contact_email_1',
      'mechanism',
      'registrationId',
    ]);
  });

  it('two buyers saving the same registration id at the same moment → one supplier, the other told it is taken', async () => {
    const first = await signedInAs('procurement');
    const second = await signedInAs('procurement');
    const form = (name: string) => ({ name, country: 'CN', registrationId: '91350100M000100Y43' });
    const answers = await Promise.all([
      submit(first.agent, '/suppliers', form('Racer One Ltd')),
      submit(second.agent, '/suppliers', form('Racer Two Ltd')),
    ]);
    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([303, 422]);
    expect(await supplierCount()).to.equal(1);
  });

  it('a destination or category that is not on the list → 422 with the message beside that field', async () => {
    const buyer = await signedInAs('procurement');
    const response = await submit(buyer.agent, '/suppliers', {
      name: 'Tampered Ltd',
      destinations: ['SG', 'XX'],
      mechanism: 'certification',
      categories: ['identity_contact', 'not_a_category'],
    });
    expect(response.status).to.equal(422);
    expect(
      fieldsWithErrors(response.text).length,
      'every counted mistake is shown somewhere',
    ).to.be.greaterThan(0);
    expect(textOf(response.text)).to.include('Choose one of the options.');
  });

  it('an empty name → 422 "This field is required." beside the name', async () => {
    const buyer = await signedInAs('admin');
    const response = await submit(buyer.agent, '/suppliers', { name: '   ', services: 'Printing' });
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'name')).to.equal('This field is required.');
    expect(textareaValue(response.text, 'services')).to.equal('Printing');
  });
});

describe('suppliers: editing a supplier', () => {
  beforeEach(resetDatabase);

  it('edit form → shows what is stored, rows, ticks and selections included', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, fullForm(buyer));
    const form = await buyer.agent.get(`/suppliers/${id}/edit`);
    expect(form.status).to.equal(200);
    expect(inputValue(form.text, 'name')).to.equal('Northwind Analytics');
    expect(inputValue(form.text, 'registrationId')).to.equal('91350100M000100Y43');
    expect(inputValue(form.text, 'contact_email_1')).to.equal('tom.baker@northwind.example');
    expect(inputValue(form.text, 'sub_consentDate_0')).to.equal('2026-01-15');
    expect(selectedValues(form.text, 'sub_country_0')).to.deep.equal(['SG']);
    expect(checkedValues(form.text, 'categories').sort()).to.deep.equal([
      'financial_account',
      'identity_contact',
      'medical_health',
    ]);
    expect(selectedValues(form.text, 'destinations').sort()).to.deep.equal(['SG', 'US']);
    expect(textareaValue(form.text, 'internalNotes')).to.equal(NOTES);
    // Two filled contact rows and two blank ones to add more.
    expect(inputValue(form.text, 'contact_name_3')).to.equal('');
    expect(inputValue(form.text, 'contact_name_4')).to.equal(undefined);
  });

  it('a change that raises the tier → recomputed and stored, a warning names both tiers, and the change is audited', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, lowForm('Quiet Printing Ltd'));
    expect((await storedSupplier(id)).risk.inherentTier).to.equal('low');

    const response = await submit(
      buyer.agent,
      `/suppliers/${id}`,
      fullForm(buyer, { name: 'Quiet Printing Ltd' }),
    );
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal(`/suppliers/${id}`);
    const page = await follow(buyer.agent, response);
    expect(flashes(page.text)).to.deep.equal([
      { type: 'success', text: 'Quiet Printing Ltd has been saved.' },
      { type: 'warning', text: 'The inherent risk tier changed from Low to Critical.' },
    ]);
    expect(textOf(page.text)).to.include('score 91');

    const stored = await storedSupplier(id);
    expect(stored.risk.inherentTier).to.equal('critical');
    expect(stored.risk.inherentScore).to.equal(91);
    expect(stored.risk.factors.map((factor) => factor.key)).to.include.members([
      'sensitive',
      'volume',
      'access',
    ]);
    const [change] = await auditEvents('suppliers.risk_tier_change');
    expect(change?.details).to.deep.equal({ from: 'low', to: 'critical' });
    const [update] = await auditEvents('suppliers.update');
    expect(String(update?.details?.changed).split(',')).to.include.members([
      'dataProfile',
      'contacts',
      'internalNotes',
    ]);
    expect(JSON.stringify(update?.details), 'the audit trail names fields, not their values').not.to.include(
      NOTES,
    );
  });

  it('a change that lowers the tier → an information message; an edit that keeps the tier → no tier message', async () => {
    const buyer = await signedInAs('admin');
    const id = await createThroughForm(buyer, fullForm(buyer));
    const lowered = await follow(
      buyer.agent,
      await submit(buyer.agent, `/suppliers/${id}`, lowForm('Northwind Analytics')),
    );
    expect(flashes(lowered.text)).to.deep.include({
      type: 'info',
      text: 'The inherent risk tier changed from Critical to Low.',
    });
    expect((await storedSupplier(id)).risk.inherentTier).to.equal('low');

    const same = await follow(
      buyer.agent,
      await submit(buyer.agent, `/suppliers/${id}`, {
        ...lowForm('Northwind Analytics'),
        services: 'Dashboards',
      }),
    );
    expect(flashes(same.text)).to.deep.equal([
      { type: 'success', text: 'Northwind Analytics has been saved.' },
    ]);
    expect(await auditEvents('suppliers.risk_tier_change')).to.have.length(1);
  });

  it('emptying optional fields on edit (legal name, registration id, country, website, owner, notes) → they are removed', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, fullForm(buyer));
    const cleared = await submit(buyer.agent, `/suppliers/${id}`, {
      ...fullForm(buyer),
      legalName: '',
      registrationId: '',
      country: '',
      website: '',
      ownerId: '',
      internalNotes: '',
    });
    expect(cleared.status).to.equal(303);
    const stored = await storedSupplier(id);
    expect(stored.legalName).to.equal(undefined);
    expect(stored.registrationId).to.equal(undefined);
    expect(stored.country).to.equal(undefined);
    expect(stored.website).to.equal(undefined);
    expect(stored.ownerId).to.equal(undefined);
    expect(stored.ownerName).to.equal(undefined);
    expect(stored.internalNotes).to.equal(undefined);
    const page = textOf((await buyer.agent.get(`/suppliers/${id}`)).text);
    expect(page).not.to.include(NOTES);
    expect(page).not.to.include('https://northwind.example');
    expect(page).to.include('Owner —');
  });

  it('an invalid edit → 422 with the typed values, and the stored supplier is unchanged', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, fullForm(buyer));
    const response = await submit(
      buyer.agent,
      `/suppliers/${id}`,
      fullForm(buyer, { name: 'Northwind Renamed', contact_email_0: 'nope' }),
    );
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'contact_email_0')).to.equal(
      'Enter an email address such as name@example.com.',
    );
    expect(inputValue(response.text, 'name')).to.equal('Northwind Renamed');
    expect(response.text).to.include(`action="/suppliers/${id}"`);
    expect((await storedSupplier(id)).name).to.equal('Northwind Analytics');
    expect(await auditEvents('suppliers.update')).to.have.length(0);
  });
});

describe('suppliers: lifecycle', () => {
  beforeEach(resetDatabase);

  it('prospect → onboarding → active, each with a reason → stored, shown in the history and audited with from/to', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, lowForm('Lifecycle Ltd'));

    const toOnboarding = await changeStatus(buyer, id, 'onboarding', 'Contract talks started');
    expect(toOnboarding.status).to.equal(303);
    expect(toOnboarding.headers.location).to.equal(`/suppliers/${id}`);
    const page = await follow(buyer.agent, toOnboarding);
    expect(flashes(page.text)).to.deep.include({ type: 'success', text: 'The status is now Onboarding.' });

    await changeStatus(buyer, id, 'active', 'Due diligence passed');
    const stored = await storedSupplier(id);
    expect(stored.status).to.equal('active');
    expect(stored.statusHistory.map((change) => [change.from, change.to, change.reason])).to.deep.equal([
      [undefined, 'prospect', 'created'],
      ['prospect', 'onboarding', 'Contract talks started'],
      ['onboarding', 'active', 'Due diligence passed'],
    ]);
    expect(stored.statusHistory[2]?.byName).to.equal(buyer.user.name);

    const events = await auditEvents('suppliers.status_change');
    expect(events.map((event) => event.details)).to.deep.equal([
      { from: 'prospect', to: 'onboarding', reason: 'Contract talks started' },
      { from: 'onboarding', to: 'active', reason: 'Due diligence passed' },
    ]);
    expect(events[0]?.target?.id).to.equal(id);

    const text = textOf((await buyer.agent.get(`/suppliers/${id}`)).text);
    expect(text).to.include('Onboarding → Active');
    expect(text).to.include('Due diligence passed');
    expect(text).to.include('Added to the register');
  });

  it('becoming active → the review anchor is set and the next review follows from it; reactivation keeps it', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, lowForm('Anchor Ltd'));
    await changeStatus(buyer, id, 'onboarding', 'Started');
    expect((await storedSupplier(id)).reviewAnchor).to.equal(undefined);

    const before = Date.now();
    await changeStatus(buyer, id, 'active', 'Approved');
    const anchor = (await storedSupplier(id)).reviewAnchor;
    expect(anchor?.getTime()).to.be.within(before - 1000, Date.now() + 1000);
    const page = textOf((await buyer.agent.get(`/suppliers/${id}`)).text);
    // Low tier: every 24 months.
    expect(page).to.include(`Next review: ${shownDate(addMonths(anchor ?? new Date(), 24))}`);

    await changeStatus(buyer, id, 'suspended', 'Incident');
    await changeStatus(buyer, id, 'active', 'Incident closed');
    expect((await storedSupplier(id)).reviewAnchor?.getTime()).to.equal(anchor?.getTime());
  });

  it('a move the lifecycle does not allow (prospect → active, offboarded → active) → refused with a message; nothing changes', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, lowForm('Shortcut Ltd'));
    const response = await changeStatus(buyer, id, 'active', 'We are in a hurry');
    expect(response.status).to.equal(303);
    const page = await follow(buyer.agent, response);
    expect(flashes(page.text)).to.deep.equal([
      { type: 'danger', text: 'A supplier cannot go from Prospect to Active.' },
    ]);
    expect((await storedSupplier(id)).status).to.equal('prospect');
    expect((await storedSupplier(id)).reviewAnchor).to.equal(undefined);

    await changeStatus(buyer, id, 'offboarded', 'Not needed');
    const again = await follow(buyer.agent, await changeStatus(buyer, id, 'active', 'Needed after all'));
    expect(flashes(again.text)).to.deep.equal([
      { type: 'danger', text: 'A supplier cannot go from Offboarded to Active.' },
    ]);
    expect((await storedSupplier(id)).status).to.equal('offboarded');
    expect((await auditEvents('suppliers.status_change')).map((event) => event.details?.to)).to.deep.equal([
      'offboarded',
    ]);
  });

  it('a change of status without a reason (or only spaces) → refused with a message; nothing changes', async () => {
    const buyer = await signedInAs('admin');
    const id = await createThroughForm(buyer, lowForm('Reasonless Ltd'));
    for (const reason of ['', '   ']) {
      const response = await changeStatus(buyer, id, 'onboarding', reason);
      expect(response.status).to.equal(303);
      const page = await follow(buyer.agent, response);
      expect(flashes(page.text)).to.deep.equal([
        { type: 'danger', text: 'Give a reason for the change of status.' },
      ]);
    }
    expect((await storedSupplier(id)).status).to.equal('prospect');
    expect(await auditEvents('suppliers.status_change')).to.have.length(0);
  });

  it('status form → offers only the moves the lifecycle allows from the current status', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, lowForm('Options Ltd'));
    expect(selectedOptions((await buyer.agent.get(`/suppliers/${id}`)).text)).to.deep.equal([
      'onboarding',
      'offboarded',
    ]);
    await changeStatus(buyer, id, 'onboarding', 'Started');
    expect(selectedOptions((await buyer.agent.get(`/suppliers/${id}`)).text)).to.deep.equal([
      'active',
      'prospect',
      'offboarded',
    ]);
  });
});

/** The statuses the page's status form offers. */
function selectedOptions(html: string): string[] {
  const select = /<select id="field-status" name="status">([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1] ?? '');
}

describe("suppliers: who sees a supplier's page", () => {
  beforeEach(resetDatabase);

  it('vendor opens their own supplier → the profile, but never the internal notes, risk rating, owner or status history', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, fullForm(buyer));
    await changeStatus(buyer, id, 'onboarding', 'Security questionnaire sent to their CISO');

    const staffView = textOf((await buyer.agent.get(`/suppliers/${id}`)).text);
    for (const internal of [
      NOTES,
      'Inherent risk',
      'Why this tier',
      'score 91',
      buyer.user.name,
      'Security questionnaire sent',
    ])
      expect(staffView, `staff see "${internal}"`).to.include(internal);

    const vendor = await signedInAs({ role: 'vendor', supplierId: id });
    const response = await vendor.agent.get(`/suppliers/${id}`);
    expect(response.status).to.equal(200);
    const vendorView = textOf(response.text);
    expect(vendorView).to.include('Northwind Analytics');
    expect(vendorView).to.include('Customer analytics dashboards');
    expect(vendorView).to.include('li.na@northwind.example');
    for (const internal of [
      NOTES,
      'Negotiating',
      'Inherent risk',
      'Why this tier',
      'score 91',
      'Reviewed every',
      'Next review',
      'Lifecycle',
      'Security questionnaire sent',
      buyer.user.name,
    ])
      expect(vendorView, `a vendor must not see "${internal}"`).not.to.include(internal);
    expect(response.text).not.to.include('tier-tag');
    expect(response.text).not.to.include('/risk-formula');
    expect(response.text).not.to.include(`/suppliers/${id}/edit`);
    expect(response.text).not.to.include(`/suppliers/${id}/status`);
  });

  it('auditor opens a supplier → the risk and the notes, but no way to change anything', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, fullForm(buyer));
    const auditor = await signedInAs('auditor');
    const page = await auditor.agent.get(`/suppliers/${id}`);
    expect(page.status).to.equal(200);
    expect(textOf(page.text)).to.include('Inherent risk');
    expect(textOf(page.text)).to.include(NOTES);
    expect(page.text).not.to.include(`href="/suppliers/${id}/edit"`);
    expect(page.text).not.to.include(`action="/suppliers/${id}/status"`);
    expect(page.text).not.to.include(`/suppliers/${id}/agreements/new`);
  });

  it('every view of a supplier page, whoever looks → a suppliers.view audit event', async () => {
    const buyer = await signedInAs('procurement');
    const id = await createThroughForm(buyer, lowForm('Watched Ltd'));
    const auditor = await signedInAs('auditor');
    const vendor = await signedInAs({ role: 'vendor', supplierId: id });
    await buyer.agent.get(`/suppliers/${id}`);
    await buyer.agent.get(`/suppliers/${id}`);
    await auditor.agent.get(`/suppliers/${id}`);
    await vendor.agent.get(`/suppliers/${id}`);
    const views = await auditEvents('suppliers.view', { 'target.id': id });
    expect(views.map((event) => event.actor?.id)).to.deep.equal([
      buyer.user.id,
      buyer.user.id,
      auditor.user.id,
      vendor.user.id,
    ]);
    expect(views[0]?.target).to.include({ type: 'supplier', label: 'Watched Ltd' });
    expect(views.every((event) => event.outcome === 'success')).to.equal(true);
  });

  it("a vendor asking for another supplier's page → 404 like a missing page, and an access.denied audit event", async () => {
    const buyer = await signedInAs('procurement');
    const other = await createThroughForm(buyer, lowForm('Secret Competitor Ltd'));
    const vendor = await signedInAs('vendor');
    const response = await vendor.agent.get(`/suppliers/${other}`);
    expect(response.status).to.equal(404);
    expect(response.text).to.include('Page not found');
    expect(response.text).not.to.include('Secret Competitor');

    const [denied] = await auditEvents('access.denied');
    expect(denied?.outcome).to.equal('denied');
    expect(denied?.actor?.id).to.equal(vendor.user.id);
    expect(denied?.target).to.include({ type: 'supplier', id: other });
    expect(denied?.details).to.deep.equal({ reason: 'other_supplier' });
    expect(await auditEvents('suppliers.view', { 'target.id': other })).to.have.length(0);
  });

  it('risk formula page → the points, the thresholds and the cadence per tier', async () => {
    const buyer = await signedInAs('procurement');
    const text = textOf((await buyer.agent.get('/suppliers/risk-formula')).text);
    expect(text).to.include('Access to the data: Holds a copy +20');
    expect(text).to.include('Individuals: More than 1 million +20');
    expect(text).to.include('Business criticality: Critical +10');
    expect(text).to.match(/Critical ≥ 75 6 months/);
    expect(text).to.match(/High ≥ 50 12 months/);
    expect(text).to.match(/Medium ≥ 25 18 months/);
    expect(text).to.match(/Low < 25 24 months/);
    expect(text).to.include('At least high: sensitive information sent abroad');
  });
});
