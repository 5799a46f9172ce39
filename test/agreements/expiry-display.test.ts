import { expect } from 'chai';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { badges, day, glanceOf, listRow, recordAgreement, shown } from './support';

describe('agreements: expiring and expired at a glance', () => {
  let buyer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
  });

  /** The NDA and DPA badges of a supplier's row in the list (optionally filtered). */
  async function listBadges(supplierId: string, query = '') {
    const row = listRow((await buyer.agent.get(`/suppliers${query}`)).text, supplierId);
    return row === undefined ? undefined : badges(row);
  }

  it('a signed NDA expiring in 20 days → "Expiring soon" with its date on the supplier page and in the list', async () => {
    const supplier = await createSupplier({ name: 'Acme Cloud' });
    await recordAgreement(buyer, supplier.id, { type: 'nda', effectiveDate: day(-345), expiryDate: day(20) });
    const expected = { state: 'Expiring soon', until: `until ${shown(day(20))}` };

    const page = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(page.text).nda).to.deep.equal(expected);
    expect((await listBadges(supplier.id))?.[0]).to.deep.equal(expected);
    expect(await listBadges(supplier.id, '?agreement=expiring'), 'in the "expiring" filter').to.not.equal(
      undefined,
    );
    expect(await listBadges(supplier.id, '?agreement=expired'), 'not in the "expired" filter').to.equal(
      undefined,
    );
  });

  it('a signed DPA that expired yesterday → "Expired" on the supplier page and in the list', async () => {
    const supplier = await createSupplier({ name: 'Acme Cloud' });
    await recordAgreement(buyer, supplier.id, { type: 'dpa', effectiveDate: day(-366), expiryDate: day(-1) });
    const expected = { state: 'Expired', until: `until ${shown(day(-1))}` };

    const page = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(page.text).dpa).to.deep.equal(expected);
    expect(glanceOf(page.text).nda.state).to.equal('Missing');
    expect((await listBadges(supplier.id))?.[1]).to.deep.equal(expected);
    expect(await listBadges(supplier.id, '?agreement=expired')).to.not.equal(undefined);
    expect(await listBadges(supplier.id, '?agreement=expiring')).to.equal(undefined);
  });

  it('a signed NDA expiring in two years → plain "Signed", in neither filter', async () => {
    const supplier = await createSupplier({ name: 'Acme Cloud' });
    await recordAgreement(buyer, supplier.id, { type: 'nda', effectiveDate: day(-10), expiryDate: day(730) });
    const page = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(page.text).nda).to.deep.equal({ state: 'Signed', until: `until ${shown(day(730))}` });
    expect((await listBadges(supplier.id))?.[0]?.state).to.equal('Signed');
    expect(await listBadges(supplier.id, '?agreement=expiring')).to.equal(undefined);
    expect(await listBadges(supplier.id, '?agreement=expired')).to.equal(undefined);
  });

  it('the vendor sees the same states on its own supplier page', async () => {
    const supplier = await createSupplier({ name: 'Acme Cloud' });
    await recordAgreement(buyer, supplier.id, { type: 'nda', effectiveDate: day(-345), expiryDate: day(20) });
    await recordAgreement(buyer, supplier.id, { type: 'dpa', effectiveDate: day(-366), expiryDate: day(-1) });
    const vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
    const page = await vendor.agent.get(`/suppliers/${supplier.id}`);
    expect(page.status).to.equal(200);
    expect(glanceOf(page.text).nda.state).to.equal('Expiring soon');
    expect(glanceOf(page.text).dpa.state).to.equal('Expired');
  });
});
