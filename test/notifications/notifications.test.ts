import { expect } from 'chai';
import { listOutbox, type OutboxEntry } from '../../src/modules/mail/mailer';
import { notify, type NewNotification } from '../../src/modules/notifications';
import { NotificationModel } from '../../src/modules/notifications/notification.model';
import { signedInAs, type Agent, type SignedIn } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';
import { flashes, follow, textOf } from '../suppliers/support';

/** What the notification list shows of one notification. */
interface ListedNotification {
  id: string;
  title: string;
  body: string;
  read: boolean;
  unreadTag: boolean;
  canMarkUnread: boolean;
}

/** The notifications on /notifications (or /notifications?unread=1), in the order shown. */
async function listed(agent: Agent, query = ''): Promise<{ items: ListedNotification[]; html: string }> {
  const response = await agent.get(`/notifications${query}`);
  expect(response.status).to.equal(200);
  const items = [
    ...response.text.matchAll(/<li class="box notification-item (is-read|is-unread)">([\s\S]*?)<\/li>/g),
  ].map((match) => {
    const item = match[2] ?? '';
    return {
      id: /action="\/notifications\/([^"/]+)\/open"/.exec(item)?.[1] ?? '',
      title: textOf(/<strong>([\s\S]*?)<\/strong>/.exec(item)?.[1] ?? ''),
      body: textOf(/<strong>[\s\S]*?<\/strong>\s*<p>([\s\S]*?)<\/p>/.exec(item)?.[1] ?? ''),
      read: match[1] === 'is-read',
      unreadTag: /<span class="tag is-link is-light mr-2">/.test(item),
      canMarkUnread: item.includes('/unread"'),
    };
  });
  return { items, html: response.text };
}

/** The number on the bell in the page header (0 when it shows none). */
async function bell(agent: Agent, path = '/'): Promise<number> {
  const response = await agent.get(path);
  expect(response.status).to.equal(200);
  const link = /<a class="navbar-item notifications-link[^"]*" href="\/notifications">([\s\S]*?)<\/a>/.exec(
    response.text,
  )?.[1];
  expect(link, 'the bell is in the header').to.be.a('string');
  const count = /<span class="tag is-danger is-rounded ml-1">(\d+)/.exec(link ?? '')?.[1];
  return count === undefined ? 0 : Number(count);
}

/** The mails the outbox holds for one address, newest first. */
async function mailsTo(email: string): Promise<OutboxEntry[]> {
  return (await listOutbox(testConfig())).filter((mail) => mail.to === email);
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

/** A review-overdue notification about Harbour Hosting for a user. */
function reviewOverdue(userId: string, link: string, extra: Partial<NewNotification> = {}): NewNotification {
  return {
    userId,
    kind: 'review_overdue',
    supplierName: 'Harbour Hosting',
    day: new Date('2024-01-15T00:00:00Z'),
    days: -30,
    link,
    ...extra,
  };
}

/** An NDA-expiring notification about Lotus Payroll for a user. */
function ndaExpiring(userId: string, link: string): NewNotification {
  return {
    userId,
    kind: 'agreement_expiring',
    supplierName: 'Lotus Payroll',
    subjectKey: 'agreementTypes.nda',
    day: new Date('2031-03-05T00:00:00Z'),
    days: 30,
    link,
  };
}

describe('notifications: list, bell and marking', () => {
  let reader: SignedIn;
  let harbourLink: string;
  let lotusLink: string;

  beforeEach(async () => {
    await resetDatabase();
    reader = await signedInAs('procurement');
    harbourLink = `/suppliers/${(await createSupplier({ name: 'Harbour Hosting' })).id}`;
    lotusLink = `/suppliers/${(await createSupplier({ name: 'Lotus Payroll' })).id}`;
    expect(await notify(reviewOverdue(reader.user.id, harbourLink))).to.equal(true);
    await pause();
    expect(await notify(ndaExpiring(reader.user.id, lotusLink))).to.equal(true);
  });

  it('notifications: a user with two → both listed newest first, unread, and the bell shows 2', async () => {
    const { items, html } = await listed(reader.agent);
    expect(items.map((item) => [item.title, item.body, item.read, item.unreadTag])).to.deep.equal([
      [
        'NDA with Lotus Payroll expires Mar 5, 2031',
        'The signed NDA with Lotus Payroll expires on Mar 5, 2031, in 30 days. Renew it or plan the end of the relationship.',
        false,
        true,
      ],
      [
        'Review of Harbour Hosting overdue',
        'The review of Harbour Hosting was due on Jan 15, 2024 and is 30 days late.',
        false,
        true,
      ],
    ]);
    expect(textOf(html)).to.include('Unread (2)');
    expect(textOf(html), 'each was mailed too').to.include('also sent by e-mail');
    expect(await bell(reader.agent)).to.equal(2);
    expect(textOf((await reader.agent.get('/')).text)).to.include('2 unread notifications');
  });

  it('notifications: open one → redirected to its link; the bell shows 1 and the list marks it read', async () => {
    const [lotus, harbour] = (await listed(reader.agent)).items;
    const opened = await reader.post(`/notifications/${lotus?.id ?? ''}/open`);
    expect(opened.status).to.equal(303);
    expect(opened.headers.location).to.equal(lotusLink);
    const page = await follow(reader.agent, opened);
    expect(page.status).to.equal(200);
    expect(textOf(page.text)).to.include('Lotus Payroll');

    expect(await bell(reader.agent)).to.equal(1);
    const after = (await listed(reader.agent)).items;
    expect(after.map((item) => [item.id, item.read, item.unreadTag, item.canMarkUnread])).to.deep.equal([
      [lotus?.id, true, false, true],
      [harbour?.id, false, true, false],
    ]);
    const unreadOnly = await listed(reader.agent, '?unread=1');
    expect(unreadOnly.items.map((item) => item.title)).to.deep.equal(['Review of Harbour Hosting overdue']);
    expect(textOf(unreadOnly.html)).to.include('Unread (1)');
  });

  it('notifications: mark an opened one unread → unread again, and the bell counts it', async () => {
    const [lotus] = (await listed(reader.agent)).items;
    await reader.post(`/notifications/${lotus?.id ?? ''}/open`);
    expect(await bell(reader.agent)).to.equal(1);
    const marked = await reader.post(`/notifications/${lotus?.id ?? ''}/unread`);
    expect(marked.status).to.equal(303);
    expect(marked.headers.location).to.equal('/notifications');
    expect(await bell(reader.agent)).to.equal(2);
    const items = (await listed(reader.agent)).items;
    expect(items.map((item) => [item.id, item.read, item.unreadTag])).to.deep.equal([
      [lotus?.id, false, true],
      [items[1]?.id, false, true],
    ]);
  });

  it('notifications: mark all as read → "2 notifications marked as read.", no number on the bell, nothing unread', async () => {
    const { html } = await listed(reader.agent);
    expect(html).to.include('action="/notifications/read-all"');
    const response = await reader.post('/notifications/read-all');
    expect(response.status).to.equal(303);
    const page = await follow(reader.agent, response);
    expect(flashes(page.text)).to.deep.equal([{ type: 'success', text: '2 notifications marked as read.' }]);
    expect(page.text, 'nothing left to mark').not.to.include('action="/notifications/read-all"');
    expect(await bell(reader.agent)).to.equal(0);
    const all = (await listed(reader.agent)).items;
    expect(all.map((item) => item.read)).to.deep.equal([true, true]);
    const unreadOnly = await listed(reader.agent, '?unread=1');
    expect(unreadOnly.items).to.deep.equal([]);
    expect(textOf(unreadOnly.html)).to.include('Nothing unread.');
  });

  it("notifications: another user opens or marks someone else's notification → 404, and it stays as it was", async () => {
    const [lotus] = (await listed(reader.agent)).items;
    const id = lotus?.id ?? '';
    const intruder = await signedInAs('admin');

    expect((await intruder.post(`/notifications/${id}/open`)).status).to.equal(404);
    expect(await bell(reader.agent), 'still unread for its owner').to.equal(2);
    expect((await listed(reader.agent)).items[0]).to.include({ id, read: false });
    expect((await listed(intruder.agent)).items, 'not in the intruder’s list').to.deep.equal([]);

    await reader.post(`/notifications/${id}/open`);
    expect((await intruder.post(`/notifications/${id}/unread`)).status).to.equal(404);
    expect(await bell(reader.agent), 'still read for its owner').to.equal(1);
    expect((await listed(reader.agent)).items[0]).to.include({ id, read: true });

    expect((await intruder.post('/notifications/n:no-such-notification/open')).status).to.equal(404);
  });
});

describe('notifications: language', () => {
  beforeEach(resetDatabase);

  it('notifications: a reader who uses Chinese → the Chinese title and text (notifications.messages.*)', async () => {
    const reader = await signedInAs({ role: 'auditor', locale: 'zh-CN' });
    await notify(reviewOverdue(reader.user.id, '/suppliers', { supplierName: '华信数据' }));
    const { items, html } = await listed(reader.agent);
    expect(items.map((item) => [item.title, item.body])).to.deep.equal([
      ['华信数据 的审查已逾期', '华信数据 的审查应于 2024年1月15日 完成，已逾期 30 天。'],
    ]);
    expect(textOf(html)).not.to.include('overdue');
  });

  it('notifications: a reader switches from English to Chinese → the same notification is shown in Chinese', async () => {
    const reader = await signedInAs('procurement');
    await notify(ndaExpiring(reader.user.id, '/suppliers'));
    expect((await listed(reader.agent)).items[0]?.title).to.equal(
      'NDA with Lotus Payroll expires Mar 5, 2031',
    );
    const switched = await reader.post('/language', { locale: 'zh-CN', returnTo: '/notifications' });
    expect(switched.status).to.equal(303);
    expect((await listed(reader.agent)).items[0]?.title).to.equal(
      '与 Lotus Payroll 的 保密协议 将于 2031年3月5日 到期',
    );
  });
});

describe('notifications: notify()', () => {
  beforeEach(resetDatabase);

  it('notify: the same onceKey twice → one notification and one mail', async () => {
    const reader = await signedInAs('procurement');
    const reminder = reviewOverdue(reader.user.id, '/suppliers', {
      onceKey: `reminder:test:${reader.user.id}`,
    });
    expect(await notify(reminder), 'the first is written').to.equal(true);
    expect(await notify(reminder), 'the second is not').to.equal(false);
    expect((await listed(reader.agent)).items).to.have.length(1);
    expect(await bell(reader.agent)).to.equal(1);
    expect(await mailsTo(reader.user.email)).to.have.length(1);
  });

  it('notify: a disabled user → no notification and no mail', async () => {
    const disabled = await createUser({ role: 'procurement', disabled: true });
    expect(await notify(reviewOverdue(disabled.id, '/suppliers'))).to.equal(false);
    expect(await NotificationModel.countDocuments({ userId: disabled.id })).to.equal(0);
    expect(await mailsTo(disabled.email)).to.deep.equal([]);
  });

  it('notify: the mail → in the recipient’s language, with the absolute link to the notification’s page', async () => {
    const supplier = await createSupplier({ name: 'Lotus Payroll' });
    const link = `/suppliers/${supplier.id}`;
    const url = `${testConfig().publicUrl}${link}`;
    const chinese = await createUser({ role: 'procurement', locale: 'zh-CN', name: '王芳' });
    const english = await createUser({ role: 'procurement', locale: 'en', name: 'Olga Owner' });
    await notify(ndaExpiring(chinese.id, link));
    await notify(ndaExpiring(english.id, link));

    const [toChinese] = await mailsTo(chinese.email);
    expect(toChinese?.subject).to.equal('与 Lotus Payroll 的 保密协议 将于 2031年3月5日 到期');
    expect(toChinese?.text).to.include('王芳，您好：');
    expect(toChinese?.text).to.include(
      '与 Lotus Payroll 签署的 保密协议 将于 2031年3月5日 到期，还有 30 天。',
    );
    expect(toChinese?.text).to.include(`在 Vetted 中打开：\n${url}\n`);
    expect(toChinese?.text).not.to.include('Hello');

    const [toEnglish] = await mailsTo(english.email);
    expect(toEnglish?.subject).to.equal('NDA with Lotus Payroll expires Mar 5, 2031');
    expect(toEnglish?.text).to.include('Hello Olga Owner,');
    expect(toEnglish?.text).to.include(`Open it in Vetted:\n${url}\n`);
    expect(url, 'an absolute address').to.match(/^https?:\/\/[^/]+\/suppliers\/[a-f\d]{24}$/);
  });
});
