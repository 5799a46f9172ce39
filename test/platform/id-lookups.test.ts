import { expect } from 'chai';
import mongoose from 'mongoose';

/** The SQLite query plan FerretDB reports for a find. */
async function planOf(filter: Record<string, unknown>): Promise<string> {
  const explained = await mongoose.connection.db!.command({ explain: { find: 'id_lookups', filter } });
  return JSON.stringify(explained.queryPlanner);
}

describe('embedded database: lookups by _id read one row (the patched FerretDB build)', () => {
  before(async function () {
    // Real MongoDB plans its own queries; this is about the embedded FerretDB only.
    if (process.env.MONGODB_URI) this.skip();
    const collection = mongoose.connection.db!.collection('id_lookups');
    await collection.deleteMany({});
    await collection.insertMany(
      Array.from({ length: 50 }, (_, index) => ({ _id: `row-${index}` as never, revision: index })),
    );
  });

  it('{ _id } alone → the primary-key index, not a scan of the table', async () => {
    const plan = await planOf({ _id: 'row-7' });
    expect(plan).to.match(/SEARCH .*USING INDEX/);
    expect(plan).not.to.match(/SCAN/);
  });

  it('{ _id, revision } (a conditional write) and { _id, $or } (the session store) → the index too', async () => {
    for (const filter of [
      { _id: 'row-7', revision: 7 },
      { _id: 'row-7', $or: [{ expires: { $exists: false } }, { expires: { $gt: new Date() } }] },
    ]) {
      const plan = await planOf(filter);
      expect(plan, JSON.stringify(filter)).to.match(/SEARCH .*USING INDEX/);
      expect(plan, JSON.stringify(filter)).not.to.match(/SCAN/);
    }
  });

  it('the other conditions still decide: a wrong revision finds nothing, the right one finds the row', async () => {
    const collection = mongoose.connection.db!.collection('id_lookups');
    expect(await collection.findOne({ _id: 'row-7' as never, revision: 8 })).to.equal(null);
    expect(await collection.findOne({ _id: 'row-7' as never, revision: 7 })).to.deep.include({ revision: 7 });
    const updated = await collection.updateOne(
      { _id: 'row-7' as never, revision: 6 },
      { $set: { revision: 99 } },
    );
    expect(updated.modifiedCount).to.equal(0);
  });
});
