import { expect } from 'chai';
import { verifyAuditChain } from '../../src/modules/audit';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { TAMPERINGS, storedEvents, writeChain } from './support';

const hoursAgo = (index: number) => new Date(Date.now() - (10 - index) * 3600_000);

describe('audit: verification finds every kind of tampering', () => {
  beforeEach(resetDatabase);

  it('verifyAuditChain: an untouched trail → intact, every event checked', async () => {
    await writeChain(6, hoursAgo);
    expect(await verifyAuditChain()).to.deep.equal({ ok: true, checked: 6 });
  });

  for (const tampering of TAMPERINGS) {
    it(`verifyAuditChain: ${tampering.name} → broken at #${tampering.expected.seq} (${tampering.expected.reason})`, async () => {
      await writeChain(6, hoursAgo);
      await tampering.apply();
      expect(await verifyAuditChain()).to.deep.equal({
        ok: false,
        checked: tampering.expected.seq - 1,
        firstBroken: tampering.expected,
      });
    });
  }

  it('verify button: an intact trail → "chain intact: N events checked" and an audit.verify event', async () => {
    await writeChain(6, hoursAgo);
    const auditor = await signedInAs('auditor');
    // Six written events and the auditor's sign-in.
    const checked = (await storedEvents()).length;
    const page = await auditor.post('/audit/verify');
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`Chain intact: ${checked} events checked.`);
    const [event] = await storedEvents('audit.verify');
    expect(event?.outcome).to.equal('success');
    expect(event?.actor?.email).to.equal(auditor.user.email);
    expect(event?.details).to.deep.equal({ checked });
  });

  for (const tampering of TAMPERINGS) {
    it(`verify button: ${tampering.name} → the page names #${tampering.expected.seq} and links to it`, async () => {
      await writeChain(6, hoursAgo);
      const admin = await signedInAs('admin');
      await tampering.apply();
      const { seq, reason } = tampering.expected;
      const page = await admin.post('/audit/verify');
      expect(page.status).to.equal(200);
      const shownReason = reason === 'relinked' ? 're-linked' : reason;
      expect(page.text).to.include(`First broken link at event #${seq} (${shownReason})`);
      expect(page.text).to.include(`href="/audit?seq=${seq}#event-${seq}"`);
      const [event] = await storedEvents('audit.verify');
      expect(event?.outcome).to.equal('failure');
      expect(event?.details).to.include({ brokenAt: seq, reason });

      // The link opens the list at that position, the event (when it still exists) marked.
      const list = await admin.agent.get(`/audit?seq=${seq}`);
      expect(list.status).to.equal(200);
      if (reason !== 'missing')
        expect(list.text).to.match(new RegExp(`<tr id="event-${seq}" class="is-selected">`));
      expect(list.text).not.to.include(`id="event-${seq + 1}"`);
    });
  }

  it('verify button: in Chinese the result is translated', async () => {
    await writeChain(3, hoursAgo);
    const admin = await signedInAs({ role: 'admin', locale: 'zh-CN' });
    const page = await admin.post('/audit/verify');
    expect(page.text).to.match(/哈希链完整：已校验 \d+ 条事件。/);
  });
});
