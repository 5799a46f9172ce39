import { expect } from 'chai';
import { listOutbox } from '../../src/modules/mail/mailer';
import { IncidentModel } from '../../src/modules/incidents/incident.model';
import { ReviewModel, type ReviewRecord } from '../../src/modules/reviews/review.model';
import { anonymous, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import {
  auditEvents,
  day,
  fieldError,
  follow,
  inputValue,
  insertSupplier,
  submit,
  textareaValue,
  textOf,
} from '../suppliers/support';
import { reportForm, reportIncident, storedIncident } from './support';

describe('incidents: reporting', () => {
  let owner: SignedIn;
  let supplierId: string;
  let vendor: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    owner = await signedInAs({ role: 'procurement', name: 'Olivia Owner' });
    supplierId = await insertSupplier({
      name: 'Harbour Hosting',
      ownerId: owner.user.id,
      ownerName: owner.user.name,
    });
    vendor = await signedInAs({ role: 'vendor', supplierId, name: 'Victor Vendor' });
  });

  it('vendor reports for own supplier → stored, owner notified in the app and by mail, event review names the incident', async () => {
    const id = await reportIncident(vendor);
    const incident = await storedIncident(id);
    expect(incident.supplierId).to.equal(supplierId);
    expect(incident.status).to.equal('open');
    expect(incident.categories).to.deep.equal(['identity_contact', 'financial_account']);
    expect(incident.individualsAffected).to.equal(1200);
    expect(incident.timeline.map((entry) => entry.kind)).to.deep.equal(['reported']);

    const notifications = textOf((await owner.agent.get('/notifications')).text);
    expect(notifications).to.include('Incident reported at Harbour Hosting: Customer list on a public share');
    const mails = (await listOutbox(testConfig())).filter((mail) => mail.to === owner.user.email);
    expect(mails.map((mail) => mail.subject)).to.include(
      'Incident reported at Harbour Hosting: Customer list on a public share',
    );

    const reviews = await ReviewModel.find({ supplierId }).lean<ReviewRecord[]>();
    expect(reviews).to.have.length(1);
    expect(reviews[0]?.kind).to.equal('event');
    expect(reviews[0]?.triggers.map((trigger) => `${trigger.event}: ${trigger.detail}`)).to.deep.equal([
      'incident: Customer list on a public share',
    ]);
    const [event] = await auditEvents('incidents.report');
    expect(event?.supplier).to.equal(supplierId);
  });

  it('an incident at a supplier without an owner → every administrator is told in the app and by mail', async () => {
    const admin = await signedInAs({ role: 'admin', name: 'Ada Admin' });
    const ownerless = await insertSupplier({ name: 'Nobody Owns Ltd' });
    const reporter = await signedInAs({ role: 'vendor', supplierId: ownerless });
    await reportIncident(reporter, { supplierId: ownerless, title: 'Lost laptop' });
    const notifications = textOf((await admin.agent.get('/notifications')).text);
    expect(notifications).to.include('Incident reported at Nobody Owns Ltd: Lost laptop');
    const mails = (await listOutbox(testConfig())).filter((mail) => mail.to === admin.user.email);
    expect(mails.map((mail) => mail.subject)).to.include('Incident reported at Nobody Owns Ltd: Lost laptop');
    const ownersNotifications = textOf((await owner.agent.get('/notifications')).text);
    expect(ownersNotifications).not.to.include('Lost laptop');
  });

  it('vendor page after reporting → the message, the supplier fixed, no supplier picker', async () => {
    const form = await vendor.agent.get('/incidents/new');
    expect(form.status).to.equal(200);
    expect(form.text).not.to.include('name="supplierId"');
    expect(textOf(form.text)).to.include('Harbour Hosting');
    const page = await follow(vendor.agent, await submit(vendor.agent, '/incidents', reportForm()));
    expect(textOf(page.text)).to.include(
      'The incident is reported, and the people responsible for this supplier have been told.',
    );
  });

  it('staff report for any supplier, picked in the form → stored for that supplier', async () => {
    const otherId = await insertSupplier({ name: 'Other Logistics' });
    const admin = await signedInAs('admin');
    const id = await reportIncident(admin, { supplierId: otherId });
    expect((await storedIncident(id)).supplierName).to.equal('Other Logistics');
    const list = textOf((await admin.agent.get(`/incidents?supplierId=${otherId}`)).text);
    expect(list).to.include('Customer list on a public share');
  });

  it('vendor reports for another supplier → 404, access.denied recorded, nothing stored', async () => {
    const otherId = await insertSupplier({ name: 'Other Logistics' });
    const response = await submit(vendor.agent, '/incidents', reportForm({ supplierId: otherId }));
    expect(response.status).to.equal(404);
    expect(await IncidentModel.countDocuments({})).to.equal(0);
    const denied = await auditEvents('access.denied');
    expect(denied).to.have.length(1);
    expect(denied[0]?.supplier).to.equal(supplierId);
  });

  it("vendor opens or changes another supplier's incident → 404 and access.denied each time; the list hides it", async () => {
    const otherId = await insertSupplier({ name: 'Other Logistics' });
    const id = await reportIncident(owner, { supplierId: otherId, title: 'Other leak' });
    expect((await vendor.agent.get(`/incidents/${id}`)).status).to.equal(404);
    expect((await submit(vendor.agent, `/incidents/${id}/updates`, { updateText: 'x' })).status).to.equal(
      404,
    );
    expect((await vendor.agent.get(`/incidents/${id}/edit`)).status).to.equal(404);
    expect(await auditEvents('access.denied')).to.have.length(3);
    expect(textOf((await vendor.agent.get('/incidents')).text)).not.to.include('Other leak');
    expect((await storedIncident(id)).timeline).to.have.length(1);
  });

  it('auditor reads the incident (audited) but every change → 403; a visitor → sign-in', async () => {
    const id = await reportIncident(vendor);
    const auditor = await signedInAs('auditor');
    expect((await auditor.agent.get(`/incidents/${id}`)).status).to.equal(200);
    expect(await auditEvents('incidents.view')).to.have.length(1);
    const posts: [string, Record<string, string>][] = [
      ['/incidents', { ...(reportForm() as Record<string, string>), supplierId }],
      [`/incidents/${id}/updates`, { updateText: 'Looked at it' }],
      [`/incidents/${id}/status`, { status: 'contained' }],
      [`/incidents/${id}/notifications/regulator`, { regulatorDecision: 'not_required' }],
      [`/incidents/${id}/edit`, reportForm() as Record<string, string>],
    ];
    for (const [path, form] of posts) expect((await auditor.post(path, form)).status, path).to.equal(403);
    expect((await auditor.agent.get('/incidents/new')).status).to.equal(403);
    expect((await storedIncident(id)).timeline).to.have.length(1);
    const visitor = await anonymous().get(`/incidents/${id}`);
    expect(visitor.status).to.equal(303);
    expect(visitor.headers.location).to.match(/^\/sign-in/);
  });

  it('bad report → 422 with the input kept and each reason beside its field', async () => {
    const refused = await submit(
      vendor.agent,
      '/incidents',
      reportForm({
        description: '',
        discoveredOn: day(3),
        individualsAffected: '-5',
        cause: 'Misconfigured share',
      }),
    );
    expect(refused.status).to.equal(422);
    expect(fieldError(refused.text, 'description')).to.equal('This field is required.');
    expect(fieldError(refused.text, 'individualsAffected')).to.equal('The smallest allowed value is 0.');
    expect(inputValue(refused.text, 'title')).to.equal('Customer list on a public share');
    expect(textareaValue(refused.text, 'cause')).to.equal('Misconfigured share');
    expect(refused.text).to.match(/value="financial_account" checked/);

    const future = await submit(
      vendor.agent,
      '/incidents',
      reportForm({ discoveredOn: day(3), reportedOn: day(3) }),
    );
    expect(fieldError(future.text, 'discoveredOn')).to.equal('The discovery date cannot be in the future.');
    expect(fieldError(future.text, 'reportedOn')).to.equal('The report date cannot be in the future.');
    const early = await submit(
      vendor.agent,
      '/incidents',
      reportForm({ discoveredOn: day(-2), reportedOn: day(-5) }),
    );
    expect(fieldError(early.text, 'reportedOn')).to.equal(
      'An incident cannot be reported before it was discovered.',
    );
    expect(inputValue(early.text, 'discoveredOn')).to.equal(day(-2));
    expect(await IncidentModel.countDocuments({})).to.equal(0);
  });

  it('zh-CN: the report form and a refused report speak Chinese', async () => {
    const chinese = await signedInAs({ role: 'vendor', supplierId, locale: 'zh-CN' });
    const form = textOf((await chinese.agent.get('/incidents/new')).text);
    expect(form).to.include('报告安全事件');
    expect(form).to.include('涉及的个人信息');
    expect(form).to.include('身份及联系方式');
    const refused = await submit(chinese.agent, '/incidents', reportForm({ discoveredOn: day(2) }));
    expect(fieldError(refused.text, 'discoveredOn')).to.equal('发现日期不能晚于今天。');
  });

  it('supplier page → an incidents panel with the count and open ones, and a report button for staff', async () => {
    await reportIncident(vendor);
    const page = textOf((await owner.agent.get(`/suppliers/${supplierId}`)).text);
    expect(page).to.include('1 incident recorded, 1 not closed.');
    expect(page).to.include('Customer list on a public share');
    expect((await owner.agent.get(`/suppliers/${supplierId}`)).text).to.include(
      `href="/incidents/new?supplierId=${supplierId}"`,
    );
  });
});
