import { expect } from 'chai';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { systemContext } from '../../src/lib/context';
import { record } from '../../src/modules/audit';
import { setMonitoringClock } from '../../src/modules/monitoring';
import { signIn, signedInAs, type Agent } from '../helpers/agents';
import { resetDatabase, testApp, testConfig } from '../helpers/environment';
import { TEST_PASSWORD, createSupplier, createUser } from '../helpers/factories';
import { enrolThroughPages, passwordStep, postForm } from '../mfa/support';
import { alertsOf, onlyAlert, useMonitoringSettings } from './support';

const auditEvents = (action: string) =>
  mongoose.connection.collection('audit_events').find({ action }).toArray();

/** Tries to sign in with a wrong password from the test's own address. */
async function failSignIn(email: string): Promise<void> {
  const response = await signIn(supertest.agent(testApp()), email, 'not-the-password-at-all');
  expect(response.status).to.be.oneOf([200, 401, 422, 423, 429]);
}

describe('monitoring: rules raise an alert at their threshold, once', () => {
  beforeEach(resetDatabase);
  afterEach(() => setMonitoringClock(undefined));

  describe('failed sign-ins', () => {
    it('one account: 2 failures below a threshold of 3 → no alert; the 3rd → one alert; a 4th → still one, counted', async () => {
      await useMonitoringSettings({ failedSignInsPerAccount: 3, failedSignInsPerAddress: 1000 });
      const user = await createUser({ role: 'procurement' });
      await failSignIn(user.email);
      await failSignIn(user.email);
      expect(await alertsOf('failed_sign_ins_account')).to.have.length(0);
      await failSignIn(user.email);
      const alert = await onlyAlert('failed_sign_ins_account');
      expect(alert.subject).to.equal(user.email);
      expect(alert.occurrences).to.equal(3);
      await failSignIn(user.email.toUpperCase());
      const after = await onlyAlert('failed_sign_ins_account');
      expect(after.occurrences).to.equal(4);
    });

    it('one address: failures for different accounts count together; alert at the threshold, not again after it', async () => {
      await useMonitoringSettings({ failedSignInsPerAccount: 1000, failedSignInsPerAddress: 3 });
      await failSignIn('nobody-1@example.test');
      await failSignIn('nobody-2@example.test');
      expect(await alertsOf('failed_sign_ins_address')).to.have.length(0);
      await failSignIn('nobody-3@example.test');
      await failSignIn('nobody-4@example.test');
      const alert = await onlyAlert('failed_sign_ins_address');
      expect(alert.subjectKind).to.equal('address');
      expect(alert.occurrences).to.equal(4);
      expect(await alertsOf('failed_sign_ins_account')).to.have.length(0);
    });

    it('failures older than the window do not count towards the threshold', async () => {
      await useMonitoringSettings({ failedSignInsPerAccount: 2, failedSignInWindowMinutes: 15 });
      const user = await createUser({ role: 'auditor' });
      setMonitoringClock(() => new Date('2026-03-04T08:00:00Z'));
      await failSignIn(user.email);
      setMonitoringClock(() => new Date('2026-03-04T08:20:00Z'));
      await failSignIn(user.email);
      expect(await alertsOf('failed_sign_ins_account')).to.have.length(0);
    });

    it('wrong second-factor codes after a right password count as failed sign-ins of the account', async () => {
      await useMonitoringSettings({ failedSignInsPerAccount: 3, failedSignInsPerAddress: 1000 });
      const admin = await signedInAs('admin');
      await enrolThroughPages(admin.agent);
      const waiting = await passwordStep(admin.user.email, TEST_PASSWORD);
      await postForm(waiting, '/sign-in/mfa', { code: '000000' });
      await postForm(waiting, '/sign-in/mfa', { code: '111111' });
      expect(await alertsOf('failed_sign_ins_account')).to.have.length(0);
      await postForm(waiting, '/sign-in/mfa', { code: '222222' });
      const alert = await onlyAlert('failed_sign_ins_account');
      expect(alert.subject).to.equal(admin.user.email);
    });
  });

  describe('downloads', () => {
    it('a limit of 2: the 2nd export → no alert; the 3rd → one alert; the 4th → the same alert', async () => {
      await useMonitoringSettings({ downloadLimit: 2, downloadWindowMinutes: 10 });
      const buyer = await signedInAs('procurement');
      const download = async () =>
        expect((await buyer.agent.get('/suppliers/export.csv')).status).to.equal(200);
      await download();
      await download();
      expect(await alertsOf('download_volume')).to.have.length(0);
      await download();
      const alert = await onlyAlert('download_volume');
      expect(alert.subject).to.equal(buyer.user.id);
      expect(alert.subjectLabel).to.equal(buyer.user.email);
      expect(alert.occurrences).to.equal(3);
      await download();
      expect((await onlyAlert('download_volume')).occurrences).to.equal(4);
    });

    it('a specific and a generic download event of one request count once', async () => {
      await useMonitoringSettings({ downloadLimit: 1, downloadWindowMinutes: 10 });
      const buyer = await createUser({ role: 'procurement' });
      const context = {
        ...systemContext(),
        actor: { ...buyer, locale: undefined },
        ip: '203.0.113.5',
        requestId: 'request-1',
      };
      await record(context, { action: 'agreements.download' });
      await record(context, { action: 'read.download' });
      expect(await alertsOf('download_volume')).to.have.length(0);
      await record({ ...context, requestId: 'request-2' }, { action: 'read.download' });
      expect(await alertsOf('download_volume')).to.have.length(1);
    });
  });

  describe("a vendor asking for another supplier's record", () => {
    it('the first refused request → one alert; more → the same alert, counted; the vendor still gets 404', async () => {
      const vendor = await signedInAs('vendor');
      const other = await createSupplier();
      expect(await alertsOf('vendor_other_supplier')).to.have.length(0);
      expect((await vendor.agent.get(`/suppliers/${vendor.user.supplierId}`)).status).to.equal(200);
      expect(await alertsOf('vendor_other_supplier')).to.have.length(0);
      expect((await vendor.agent.get(`/suppliers/${other.id}`)).status).to.equal(404);
      const alert = await onlyAlert('vendor_other_supplier');
      expect(alert.subjectLabel).to.equal(vendor.user.email);
      expect(alert.supplierId).to.equal(vendor.user.supplierId);
      expect((await vendor.agent.get(`/suppliers/${other.id}`)).status).to.equal(404);
      expect((await onlyAlert('vendor_other_supplier')).occurrences).to.equal(2);
      expect(await auditEvents('monitoring.alert')).to.have.length(1);
    });
  });

  describe('an admin signing in from a new address', () => {
    const trustProxy = () => testApp().set('trust proxy', true);
    afterEach(() => testApp().set('trust proxy', testConfig().trustProxy));

    async function signInFrom(email: string, ip: string): Promise<void> {
      const agent: Agent = supertest.agent(testApp());
      const page = await agent.get('/sign-in').set('X-Forwarded-For', ip);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const response = await agent
        .post('/sign-in')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ _csrf: token, email, password: TEST_PASSWORD });
      expect(response.status, `sign-in from ${ip}`).to.equal(303);
    }

    it('first sign-in ever and the same address again → no alert; a new address → one alert; it again → none', async () => {
      trustProxy();
      const admin = await createUser({ role: 'admin' });
      await signInFrom(admin.email, '198.51.100.1');
      await signInFrom(admin.email, '198.51.100.1');
      expect(await alertsOf('admin_new_address')).to.have.length(0);
      await signInFrom(admin.email, '198.51.100.2');
      const alert = await onlyAlert('admin_new_address');
      expect(alert.subjectLabel).to.equal(admin.email);
      expect(alert.details.address).to.equal('198.51.100.2');
      await signInFrom(admin.email, '198.51.100.2');
      expect(await alertsOf('admin_new_address')).to.have.length(1);
    });

    it('new addresses of procurement users, or with the rule off, raise nothing', async () => {
      trustProxy();
      await useMonitoringSettings({ alertOnNewAdminAddress: false });
      const admin = await createUser({ role: 'admin' });
      const buyer = await createUser({ role: 'procurement' });
      for (const ip of ['198.51.100.7', '198.51.100.8']) {
        await signInFrom(admin.email, ip);
        await signInFrom(buyer.email, ip);
      }
      expect(await alertsOf('admin_new_address')).to.have.length(0);
    });
  });

  describe('access outside working hours', () => {
    const wednesdayNoon = new Date('2026-03-04T12:00:00Z');
    const saturdayNight = new Date('2026-03-07T22:00:00Z');

    it('inside working hours → no alert; the first event outside → one alert; more that day → the same alert', async () => {
      await useMonitoringSettings({
        alertOutsideHours: true,
        workingHoursStart: '08:00',
        workingHoursEnd: '18:00',
      });
      // The sign-in itself is an event too: it happens at noon on a Wednesday.
      setMonitoringClock(() => wednesdayNoon);
      const buyer = await signedInAs('procurement');
      const supplier = await createSupplier();
      expect((await buyer.agent.get(`/suppliers/${supplier.id}`)).status).to.equal(200);
      expect(await alertsOf('outside_hours')).to.have.length(0);
      setMonitoringClock(() => saturdayNight);
      expect((await buyer.agent.get(`/suppliers/${supplier.id}`)).status).to.equal(200);
      const alert = await onlyAlert('outside_hours');
      expect(alert.subjectLabel).to.equal(buyer.user.email);
      expect(alert.details.day).to.equal('2026-03-07');
      expect((await buyer.agent.get(`/suppliers/${supplier.id}`)).status).to.equal(200);
      expect((await buyer.agent.get(`/suppliers/${supplier.id}`)).status).to.equal(200);
      expect((await onlyAlert('outside_hours')).occurrences).to.be.greaterThan(1);
    });

    it('the same hours with the rule off → no alert; an evening on a working day → an alert', async () => {
      await useMonitoringSettings({ alertOutsideHours: false });
      const buyer = await signedInAs('procurement');
      const supplier = await createSupplier();
      setMonitoringClock(() => saturdayNight);
      expect((await buyer.agent.get(`/suppliers/${supplier.id}`)).status).to.equal(200);
      expect(await alertsOf('outside_hours')).to.have.length(0);
      await useMonitoringSettings({
        alertOutsideHours: true,
        workingHoursStart: '08:00',
        workingHoursEnd: '18:00',
      });
      setMonitoringClock(() => new Date('2026-03-04T18:00:00Z'));
      expect((await buyer.agent.get(`/suppliers/${supplier.id}`)).status).to.equal(200);
      expect(await alertsOf('outside_hours')).to.have.length(1);
    });
  });
});
