import { expect } from 'chai';
import { publishedShortTemplate, sendAssessment } from '../assessments/records';
import { anonymous, csrfToken, signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { eventually, storedEvents, type StoredEvent } from './support';

/** The read events of one address, once they are written (they follow the response). */
async function readsOf(url: string, action = 'read.page', expected = 1): Promise<StoredEvent[]> {
  return eventually(
    async () => (await storedEvents(action)).filter((event) => event.target?.label === url),
    (events) => events.length >= expected,
  );
}

/** Lets events queued by earlier requests land, so that an absence is a real one. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('audit: every read of supplier data and every sign-in leaves an event', () => {
  beforeEach(resetDatabase);

  it('read trail: a buyer opens a supplier page → read.page with the address, status and supplier', async () => {
    const buyer = await signedInAs('procurement');
    const supplier = await createSupplier({ name: 'Gamma Cloud' });
    const url = `/suppliers/${supplier.id}/edit`;
    expect((await buyer.agent.get(url)).status).to.equal(200);
    const [event] = await readsOf(url);
    expect(event?.actor).to.include({ email: buyer.user.email, role: 'procurement' });
    expect(event?.supplier).to.equal(supplier.id);
    expect(event?.details).to.deep.equal({ status: 200 });
    expect(event?.ip).to.be.a('string').and.not.equal('');
  });

  it('read trail: the home dashboard (supplier names, figures, due items) is a recorded read', async () => {
    const buyer = await signedInAs('procurement');
    expect((await buyer.agent.get('/')).status).to.equal(200);
    const [event] = await readsOf('/');
    expect(event?.actor).to.include({ email: buyer.user.email, role: 'procurement' });
  });

  it("home pages: the admin's recent activity lists the latest changes, not the reads around them", async () => {
    const admin = await signedInAs('admin');
    const supplier = await createSupplier({ name: 'Read Often Ltd' });
    for (let visit = 0; visit < 12; visit++) await admin.agent.get(`/suppliers/${supplier.id}/edit`);
    await readsOf(`/suppliers/${supplier.id}/edit`, 'read.page', 12);
    const home = await admin.agent.get('/');
    const activity = home.text.slice(home.text.indexOf('audit-table'));
    // The admin's own sign-in came before a dozen reads, and still shows.
    expect(activity).to.include('<code>auth.sign_in</code>');
    expect(activity).not.to.include('<code>read.page</code>');
  });

  it('read trail: a list with a query is recorded with its query', async () => {
    const auditor = await signedInAs('auditor');
    const url = '/suppliers?q=gamma&page=1';
    expect((await auditor.agent.get(url)).status).to.equal(200);
    const [event] = await readsOf(url);
    expect(event?.actor?.role).to.equal('auditor');
    expect(event?.supplier).to.equal(undefined);
  });

  it('read trail: an assessment page names the supplier of the assessment', async () => {
    const buyer = await signedInAs('procurement');
    const supplier = await createSupplier();
    const assessmentId = await sendAssessment(buyer, supplier.id, await publishedShortTemplate());
    const auditor = await signedInAs('auditor');
    const url = `/assessments/${assessmentId}`;
    expect((await auditor.agent.get(url)).status).to.equal(200);
    const [event] = await readsOf(url);
    expect(event?.supplier).to.equal(supplier.id);
  });

  it("read trail: a vendor's pages are recorded against the vendor's own supplier", async () => {
    const vendor = await signedInAs('vendor');
    expect((await vendor.agent.get('/assessments')).status).to.equal(200);
    const [event] = await readsOf('/assessments');
    expect(event?.supplier).to.equal(vendor.user.supplierId);
  });

  it('read trail: a file handed over as an attachment → read.download', async () => {
    const buyer = await signedInAs('procurement');
    const url = '/suppliers/import/template.csv';
    const response = await buyer.agent.get(url);
    expect(response.status).to.equal(200);
    expect(await readsOf(url, 'read.download')).to.have.length(1);
  });

  it('read trail: the audit trail page itself is a recorded read', async () => {
    const admin = await signedInAs('admin');
    expect((await admin.agent.get('/audit')).status).to.equal(200);
    expect(await readsOf('/audit')).to.have.length(1);
  });

  it('read trail: a page whose feature records a richer event (suppliers.view) is not recorded twice', async () => {
    const admin = await signedInAs('admin');
    const supplier = await createSupplier();
    const url = `/suppliers/${supplier.id}`;
    expect((await admin.agent.get(url)).status).to.equal(200);
    await settle();
    const views = await storedEvents('suppliers.view');
    expect(views.map((event) => event.supplier)).to.deep.equal([supplier.id]);
    expect(await readsOf(url, 'read.page', 0)).to.deep.equal([]);
  });

  it('read trail: refused reads, visitors and pages without supplier data leave no read event', async () => {
    const vendor = await signedInAs('vendor');
    const other = await createSupplier();
    expect((await vendor.agent.get(`/suppliers/${other.id}`)).status).to.equal(404);
    expect((await vendor.agent.get('/audit')).status).to.equal(403);
    expect((await anonymous().get('/suppliers')).status).to.equal(303);
    expect((await vendor.agent.get('/account')).status).to.equal(200);
    await settle();
    expect(await storedEvents('read.page')).to.deep.equal([]);
  });

  it('sign-in: success and failure are recorded; a failure carries the e-mail tried and the address', async () => {
    const admin = await signedInAs('admin');
    const [success] = await storedEvents('auth.sign_in');
    expect(success).to.include({ outcome: 'success' });
    expect(success?.actor?.email).to.equal(admin.user.email);

    const visitor = anonymous();
    const tries = [
      { email: admin.user.email, password: 'not-the-password-at-all' },
      { email: 'nobody-here@example.test', password: 'whatever-password-1' },
    ];
    for (const attempt of tries) {
      const token = await csrfToken(visitor, '/sign-in');
      const response = await visitor
        .post('/sign-in')
        .type('form')
        .send({ _csrf: token, ...attempt });
      expect(response.status).to.equal(401);
    }
    const failures = (await storedEvents('auth.sign_in')).filter((event) => event.outcome === 'failure');
    expect(failures.map((event) => event.actor?.email)).to.deep.equal(tries.map((attempt) => attempt.email));
    for (const failure of failures) expect(failure.ip).to.match(/127\.0\.0\.1|::1/);
    expect(failures.map((event) => event.details?.reason)).to.deep.equal([
      'wrong_password',
      'unknown_account',
    ]);
  });
});
