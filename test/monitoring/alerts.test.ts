import { expect } from 'chai';
import mongoose from 'mongoose';
import { AlertModel } from '../../src/modules/monitoring/alert.model';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';
import { insertAlert, mailsTo, onlyAlert } from './support';

const auditEvents = (action: string) =>
  mongoose.connection.collection('audit_events').find({ action }).toArray();

describe('monitoring: alerts page, acknowledgement and who is told', () => {
  beforeEach(resetDatabase);

  it('a raised alert → every active admin gets a notification and a mail; others and disabled admins do not', async () => {
    const admin = await signedInAs('admin');
    const disabled = await createUser({ role: 'admin', disabled: true });
    const buyer = await createUser({ role: 'procurement' });
    const vendor = await signedInAs('vendor');
    const other = await createSupplier();
    await vendor.agent.get(`/suppliers/${other.id}`);
    await onlyAlert('vendor_other_supplier');

    const mails = await mailsTo(admin.user.email);
    expect(mails).to.have.length(1);
    expect(mails[0]!.subject).to.equal("Security alert: Vendor asked for another supplier's records");
    expect(mails[0]!.text).to.include(vendor.user.email);
    expect(mails[0]!.text).to.include('/alerts');
    expect(mails[0]!.text).to.include('because you are an administrator');
    expect(await mailsTo(disabled.email)).to.have.length(0);
    expect(await mailsTo(buyer.email)).to.have.length(0);

    const notifications = await admin.agent.get('/notifications');
    expect(notifications.text).to.include('Security alert: Vendor asked for another supplier&#39;s records');
    const audit = await auditEvents('monitoring.alert');
    expect(audit).to.have.length(1);
    expect(audit[0]!.details).to.include({ rule: 'vendor_other_supplier', subject: vendor.user.email });
  });

  it('GET /alerts: admins and auditors see rule, subject, count and times, newest first; the nav shows the open count', async () => {
    await insertAlert({
      subjectLabel: 'older@example.test',
      firstSeenAt: new Date('2026-01-01T10:00:00Z'),
    });
    await insertAlert({
      rule: 'download_volume',
      subjectLabel: 'newer@example.test',
      occurrences: 7,
      details: { limit: 50, window: 10 },
    });
    for (const role of ['admin', 'auditor'] as const) {
      const page = await (await signedInAs(role)).agent.get('/alerts');
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Unusually many downloads');
      expect(page.text).to.include('More than 50 downloads within 10 minutes.');
      expect(page.text.indexOf('newer@example.test')).to.be.lessThan(page.text.indexOf('older@example.test'));
      expect(page.text).to.match(/Alerts <span class="tag is-warning is-rounded ml-1">2<\/span>/);
      expect(page.text.includes('>Acknowledge</button>'), role).to.equal(role === 'admin');
    }
    const home = await (await signedInAs('admin')).agent.get('/');
    expect(home.text).to.include('2 open alerts');
  });

  it('POST /alerts/:id/acknowledge by an admin → acknowledged with the note, audited, listed under "Acknowledged" only', async () => {
    const admin = await signedInAs('admin');
    const id = await insertAlert({ subjectLabel: 'probe@example.test' });
    const response = await admin.post(`/alerts/${id}/acknowledge`, { note: 'Vendor misconfigured a script' });
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/alerts');
    const stored = await AlertModel.findById(id).lean();
    expect(stored?.status).to.equal('acknowledged');
    expect(stored?.acknowledgedByName).to.equal(admin.user.name);
    expect(stored?.acknowledgeNote).to.equal('Vendor misconfigured a script');

    const open = await admin.agent.get('/alerts');
    expect(open.text).to.include('Alert acknowledged.');
    expect(open.text).not.to.include('probe@example.test');
    const acknowledged = await admin.agent.get('/alerts?status=acknowledged');
    expect(acknowledged.text).to.include('probe@example.test');
    expect(acknowledged.text).to.include('Vendor misconfigured a script');

    const audit = await auditEvents('monitoring.acknowledge');
    expect(audit).to.have.length(1);
    expect(audit[0]!.target).to.include({ id });
    // The acknowledgement is an admin's own event: it must not feed the rules again.
    expect(await auditEvents('monitoring.alert')).to.have.length(0);
  });

  for (const role of ['auditor', 'procurement', 'vendor'] as const) {
    it(`POST /alerts/:id/acknowledge by ${role} → 403, the alert stays open`, async () => {
      const id = await insertAlert();
      const response = await (await signedInAs(role)).post(`/alerts/${id}/acknowledge`, { note: 'x' });
      expect(response.status).to.equal(403);
      expect((await AlertModel.findById(id).lean())?.status).to.equal('open');
    });
  }

  it('GET /alerts by procurement or vendor → 403; an unknown alert id → 404', async () => {
    expect((await (await signedInAs('procurement')).agent.get('/alerts')).status).to.equal(403);
    expect((await (await signedInAs('vendor')).agent.get('/alerts')).status).to.equal(403);
    const admin = await signedInAs('admin');
    expect((await admin.post('/alerts/download_volume:123:abcdef12/acknowledge')).status).to.equal(404);
    expect((await admin.post('/alerts/not-an-id/acknowledge')).status).to.equal(404);
  });
});
