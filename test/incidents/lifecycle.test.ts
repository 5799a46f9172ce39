import { expect } from 'chai';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { auditEvents, day, fieldError, follow, insertSupplier, submit, textOf } from '../suppliers/support';
import { reportIncident, storedIncident } from './support';

/** The Art. 57 checklist items of an incident page that are ticked. */
function tickedItems(html: string): string[] {
  return [...html.matchAll(/class="checklist-item is-recorded" id="art57-(\w+)"/g)].map(
    (match) => match[1] ?? '',
  );
}

/** The timeline of an incident page as its lines of text, oldest first. */
function timeline(html: string): string[] {
  const list = /<ol class="status-history incident-timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((match) => textOf(match[1] ?? ''));
}

describe('incidents: from report to closure', () => {
  let buyer: SignedIn;
  let vendor: SignedIn;
  let id: string;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs({ role: 'procurement', name: 'Olivia Owner' });
    const supplierId = await insertSupplier({ name: 'Harbour Hosting', ownerId: buyer.user.id });
    vendor = await signedInAs({ role: 'vendor', supplierId, name: 'Victor Vendor' });
    id = await reportIncident(vendor, { cause: 'A share left public after a migration' });
  });

  it('open → contained → closed; closing is refused with a message until both notification decisions are made', async () => {
    const contained = await follow(
      buyer.agent,
      await submit(buyer.agent, `/incidents/${id}/status`, { status: 'contained' }),
    );
    expect(textOf(contained.text)).to.include('The status is changed.');
    expect((await storedIncident(id)).status).to.equal('contained');

    const refused = await follow(
      buyer.agent,
      await submit(buyer.agent, `/incidents/${id}/status`, { status: 'closed' }),
    );
    expect(textOf(refused.text)).to.include(
      'The incident cannot be closed yet: decide first whether the regulator and the individuals must be notified.',
    );
    expect((await storedIncident(id)).status).to.equal('contained');

    await submit(buyer.agent, `/incidents/${id}/notifications/regulator`, {
      regulatorDecision: 'required',
      regulatorDone: '1',
      regulatorOn: day(0),
      regulatorMeans: 'CAC online report form',
    });
    await submit(buyer.agent, `/incidents/${id}/notifications/individuals`, {
      individualsDecision: 'required',
    });
    const outstanding = await follow(
      buyer.agent,
      await submit(buyer.agent, `/incidents/${id}/status`, { status: 'closed' }),
    );
    expect(textOf(outstanding.text)).to.include('a required notification has not been recorded as made');

    await submit(buyer.agent, `/incidents/${id}/notifications/individuals`, {
      individualsDecision: 'required',
      individualsDone: '1',
      individualsOn: day(0),
      individualsMeans: 'E-mail to each customer',
    });
    await submit(buyer.agent, `/incidents/${id}/status`, { status: 'closed', statusNote: 'All done' });
    const closed = await storedIncident(id);
    expect(closed.status).to.equal('closed');
    expect(closed.regulator.means).to.equal('CAC online report form');
    expect(await auditEvents('incidents.status')).to.have.length(2);
    expect(await auditEvents('incidents.notification')).to.have.length(3);

    // Closed: the vendor can no longer add updates or edit; the page offers neither.
    const page = await vendor.agent.get(`/incidents/${id}`);
    expect(page.text).not.to.include(`action="/incidents/${id}/updates"`);
    const late = await follow(
      vendor.agent,
      await submit(vendor.agent, `/incidents/${id}/updates`, { updateText: 'More' }),
    );
    expect(textOf(late.text)).to.include('The incident is closed; it can no longer be changed here.');
  });

  it('a skipped step (open → closed) → refused with a message, status unchanged', async () => {
    const page = await follow(
      buyer.agent,
      await submit(buyer.agent, `/incidents/${id}/status`, { status: 'closed' }),
    );
    expect(textOf(page.text)).to.include('The incident is no longer in a status that allows this change.');
    expect((await storedIncident(id)).status).to.equal('open');
  });

  it('timeline lists the report, updates, status changes and notifications in order, each with who', async () => {
    await submit(vendor.agent, `/incidents/${id}/updates`, { updateText: 'The share is closed.' });
    await submit(buyer.agent, `/incidents/${id}/status`, { status: 'contained', statusNote: 'Share closed' });
    await submit(buyer.agent, `/incidents/${id}/notifications/regulator`, {
      regulatorDecision: 'required',
      regulatorDone: '1',
      regulatorOn: day(0),
      regulatorMeans: 'CAC online report form',
    });
    const lines = timeline((await buyer.agent.get(`/incidents/${id}`)).text);
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(/^Incident reported .* · Victor Vendor$/);
    expect(lines[1]).to.match(/^Update .* · Victor Vendor The share is closed\.$/);
    expect(lines[2]).to.match(/^Status: Open → Contained .* · Olivia Owner Share closed$/);
    expect(lines[3]).to.match(
      /^Regulator notification: Notification required .* · Olivia Owner notified on .* by CAC online report form$/,
    );
  });

  it('Art. 57 checklist ticks what is recorded, shows its text; editing the details ticks the rest', async () => {
    const before = await buyer.agent.get(`/incidents/${id}`);
    expect(tickedItems(before.text)).to.deep.equal(['categories', 'cause']);
    expect(textOf(before.text)).to.include('A share left public after a migration');

    const edited = await submit(vendor.agent, `/incidents/${id}/edit`, {
      title: 'Customer list on a public share',
      description: 'A spreadsheet was reachable without sign-in.',
      discoveredOn: day(-1),
      reportedOn: day(0),
      categories: 'identity_contact',
      cause: 'A share left public after a migration',
      containment: 'Share closed, links revoked',
      possibleHarm: 'Phishing calls to customers',
      individualsCanDo: 'Ignore calls asking for card numbers',
      contact: 'security@harbour.example',
    });
    expect(edited.status).to.equal(303);
    const after = await buyer.agent.get(`/incidents/${id}`);
    expect(tickedItems(after.text)).to.deep.equal([
      'categories',
      'cause',
      'possibleHarm',
      'containment',
      'individualsCanDo',
      'contact',
    ]);
    expect(textOf(after.text)).to.include('Ignore calls asking for card numbers');
    expect(timeline(after.text).at(-1)).to.match(
      /^Details edited .* Victor Vendor .*Possible harm to individuals/,
    );
    expect(await auditEvents('incidents.edit')).to.have.length(1);
  });

  it('notification marked done without a date → 422 beside the field, the means kept', async () => {
    const refused = await submit(buyer.agent, `/incidents/${id}/notifications/individuals`, {
      individualsDecision: 'required',
      individualsDone: '1',
      individualsOn: '',
      individualsMeans: 'Text message',
    });
    expect(refused.status).to.equal(422);
    expect(fieldError(refused.text, 'individualsOn')).to.equal('Enter the day the notification was made.');
    expect(refused.text).to.match(/id="field-individualsMeans"[^>]*value="Text message"/);
    expect((await storedIncident(id)).individuals.decision).to.equal(undefined);
  });

  it('zh-CN: the incident page shows Chinese labels and the checklist in Chinese', async () => {
    const chinese = await signedInAs({ role: 'auditor', locale: 'zh-CN' });
    const page = textOf((await chinese.agent.get(`/incidents/${id}`)).text);
    expect(page).to.include('第五十七条通知内容');
    expect(page).to.include('处理中');
    expect(page).to.include('时间线');
    expect(page).to.include('报告事件');
  });
});
