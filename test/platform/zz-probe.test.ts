import { expect } from 'chai';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, signIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, TEST_PASSWORD } from '../helpers/factories';
import { hashPassword } from '../../src/lib/passwords';

describe('probe', () => {
  before(resetDatabase);
  it('vendor without supplier', async () => {
    await createSupplier({ name: 'Secret One' });
    await createSupplier({ name: 'Secret Two' });
    await UserModel.create({ email: 'orphan@example.test', name: 'Orphan', role: 'vendor', passwordHash: await hashPassword(TEST_PASSWORD) });
    const agent = anonymous();
    const r = await signIn(agent, 'orphan@example.test', TEST_PASSWORD);
    console.log(r.status);
    const list = await agent.get('/suppliers');
    console.log(list.status, list.text.includes('Secret One'), list.headers.location);
    const home = await agent.get('/');
    console.log(home.status, home.text.includes('Secret'));
    const t = await anonymous().get('/set-password/short');
    console.log('short token', t.status, /<h1[^>]*>([^<]+)/.exec(t.text)?.[1]);
    const t2 = await anonymous().get('/set-password/' + 'a'.repeat(120));
    console.log('long token', t2.status);
    const h = await anonymous().head('/admin/users');
    console.log('HEAD', h.status, h.headers.location);
    expect(1).to.equal(1);
  });
});
