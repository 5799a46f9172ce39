import { expect } from 'chai';
import mongoose from 'mongoose';
import { getSettings } from '../../src/modules/settings';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { MONITORING_DEFAULTS_FORM } from './support';

const auditEvents = (action: string) =>
  mongoose.connection.collection('audit_events').find({ action }).toArray();

/** The error message shown beside one field of the settings page. */
function errorBeside(html: string, field: string): string | undefined {
  return new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)?.[1];
}

describe('monitoring: settings page (retention, MFA, monitoring thresholds)', () => {
  let admin: SignedIn;
  beforeEach(async () => {
    await resetDatabase();
    admin = await signedInAs('admin');
  });

  it('GET /admin/settings shows every form with the defaults filled in', async () => {
    const page = await admin.agent.get('/admin/settings');
    expect(page.status).to.equal(200);
    expect(page.text).to.match(/name="auditRetentionMonths" type="number"\s+value="12"/);
    expect(page.text).to.match(/name="failedSignInsPerAccount" type="number"\s+value="5"/);
    expect(page.text).to.match(/name="workingHoursStart" type="time"\s+value="07:00"/);
    expect(page.text).to.match(/name="alertOnNewAdminAddress" value="on" checked/);
    expect(page.text).to.match(/name="mfaRequired" value="on">/);
    expect(page.text).to.match(/name="workingDays" value="5" checked/);
    expect(page.text).to.match(/name="workingDays" value="6">/);
  });

  it('valid saves → stored, "Settings saved.", each audited with before and after', async () => {
    expect(
      (await admin.post('/admin/settings/audit-retention', { auditRetentionMonths: '24' })).status,
    ).to.equal(303);
    expect((await admin.agent.get('/admin/settings')).text).to.include('Settings saved.');
    const monitoring = await admin.agent
      .post('/admin/settings/monitoring')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(await csrf(admin))}&failedSignInsPerAccount=3&failedSignInsPerAddress=20` +
          '&failedSignInWindowMinutes=30&downloadLimit=10&downloadWindowMinutes=5&alertOutsideHours=on' +
          '&workingHoursStart=09:00&workingHoursEnd=17:30&workingDays=1&workingDays=3',
      );
    expect(monitoring.status).to.equal(303);
    // Last: once MFA is required, this admin (without a second factor) is sent to set one up.
    expect((await admin.post('/admin/settings/mfa', { mfaRequired: 'on' })).status).to.equal(303);
    const settings = await getSettings();
    expect(settings.auditRetentionMonths).to.equal(24);
    expect(settings.mfaRequiredForPrivileged).to.equal(true);
    expect(settings.monitoring).to.deep.equal({
      failedSignInsPerAccount: 3,
      failedSignInsPerAddress: 20,
      failedSignInWindowMinutes: 30,
      downloadLimit: 10,
      downloadWindowMinutes: 5,
      alertOnNewAdminAddress: false,
      alertOutsideHours: true,
      workingHoursStart: '09:00',
      workingHoursEnd: '17:30',
      workingDays: [1, 3],
    });
    expect((await auditEvents('settings.audit_retention'))[0]?.details).to.deep.equal({
      before: 12,
      after: 24,
    });
    expect((await auditEvents('settings.mfa_required'))[0]?.details).to.deep.equal({
      before: false,
      after: true,
    });
    const [changed] = await auditEvents('settings.monitoring');
    expect(changed?.details.before).to.include('sign-ins 5/10 in 15 min');
    expect(changed?.details.after).to.include('sign-ins 3/20 in 30 min');
    expect(changed?.details.after).to.include('outside hours on 09:00-17:30 days 1,3');
  });

  it('retention of 5 months → 422, the reason beside the field, the 5 kept, nothing stored or audited', async () => {
    const response = await admin.post('/admin/settings/audit-retention', { auditRetentionMonths: '5' });
    expect(response.status).to.equal(422);
    expect(errorBeside(response.text, 'auditRetentionMonths')).to.equal('The smallest allowed value is 6.');
    expect(response.text).to.match(/name="auditRetentionMonths" type="number"\s+value="5"/);
    expect((await getSettings()).auditRetentionMonths).to.equal(12);
    expect(await auditEvents('settings.audit_retention')).to.have.length(0);
  });

  it('monitoring form with bad values → 422, each reason beside its field, the input kept as typed', async () => {
    const response = await admin.post('/admin/settings/monitoring', {
      ...MONITORING_DEFAULTS_FORM,
      failedSignInsPerAccount: '0',
      downloadLimit: 'many',
      workingHoursStart: '25:00',
      alertOnNewAdminAddress: '',
      alertOutsideHours: 'on',
      workingDays: '',
    });
    expect(response.status).to.equal(422);
    expect(errorBeside(response.text, 'failedSignInsPerAccount')).to.equal(
      'The smallest allowed value is 1.',
    );
    expect(errorBeside(response.text, 'downloadLimit')).to.equal('This value is not valid.');
    expect(errorBeside(response.text, 'workingHoursStart')).to.equal('Enter a time as HH:MM, e.g. 09:00.');
    expect(errorBeside(response.text, 'workingDays')).to.equal('Choose at least one working day.');
    expect(response.text).to.match(/name="downloadLimit" type="number"\s+value="many"/);
    expect(response.text).to.match(/name="alertOutsideHours" value="on" checked/);
    expect(response.text).to.match(/name="workingDays" value="1">/);
    // The page's other forms keep their stored values.
    expect(response.text).to.match(/name="auditRetentionMonths" type="number"\s+value="12"/);
    expect((await getSettings()).monitoring.failedSignInsPerAccount).to.equal(5);
    expect(await auditEvents('settings.monitoring')).to.have.length(0);
  });

  it('working hours that end before they start → 422 with the reason beside "Until"', async () => {
    const response = await admin.post('/admin/settings/monitoring', {
      ...MONITORING_DEFAULTS_FORM,
      workingHoursStart: '18:00',
      workingHoursEnd: '09:00',
    });
    expect(response.status).to.equal(422);
    expect(errorBeside(response.text, 'workingHoursEnd')).to.equal('The end must come after the start.');
    expect(response.text).to.match(/name="workingHoursEnd" type="time"\s+value="09:00"/);
  });

  for (const role of ['procurement', 'auditor', 'vendor'] as const) {
    it(`${role} → 403 on the settings page and every settings form`, async () => {
      const user = await signedInAs(role);
      expect((await user.agent.get('/admin/settings')).status).to.equal(403);
      for (const [path, form] of [
        ['/admin/settings/audit-retention', { auditRetentionMonths: '6' }],
        ['/admin/settings/mfa', { mfaRequired: 'on' }],
        ['/admin/settings/monitoring', MONITORING_DEFAULTS_FORM],
      ] as const) {
        expect((await user.post(path, form)).status, path).to.equal(403);
      }
      const settings = await getSettings();
      expect(settings.auditRetentionMonths).to.equal(12);
      expect(settings.mfaRequiredForPrivileged).to.equal(false);
    });
  }
});

async function csrf(user: SignedIn): Promise<string> {
  const page = await user.agent.get('/account');
  return /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
}
