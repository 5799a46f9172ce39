import { expect } from 'chai';
import { acquireLease, claimOnce, releaseLease } from '../../src/lib/lease';
import { resetDatabase } from '../helpers/environment';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduler: lease in the database', () => {
  beforeEach(resetDatabase);

  it('eight processes ask at the same moment → exactly one gets it', async () => {
    const holders = Array.from({ length: 8 }, (_, index) => `process-${index}`);
    const results = await Promise.all(holders.map((holder) => acquireLease('job', holder, 60_000)));
    expect(results.filter(Boolean)).to.have.length(1);
  });

  it('while held → refused to others; after its time runs out → another takes it, and the old holder cannot free it', async () => {
    const first = await acquireLease('job', 'first', 300);
    expect(first).to.not.equal(undefined);
    expect(await acquireLease('job', 'second', 300)).to.equal(undefined);
    await pause(400);
    const second = await acquireLease('job', 'second', 60_000);
    expect(second?.generation).to.equal((first?.generation ?? 0) + 1);
    if (!first) throw new Error('the first holder had the lease');
    await releaseLease(first);
    expect(await acquireLease('job', 'third', 60_000)).to.equal(undefined);
  });

  it('released → the next process takes it at once, without waiting for it to run out', async () => {
    const held = await acquireLease('job', 'first', 60_000);
    await releaseLease(held!);
    expect(await acquireLease('job', 'second', 60_000)).to.not.equal(undefined);
  });

  it('a one-time claim → true for the first caller only, also across concurrent callers', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder) => claimOnce('agreement-expired:x', holder)),
    );
    expect(results.filter(Boolean)).to.have.length(1);
    expect(await claimOnce('agreement-expired:x', 'later')).to.equal(false);
    expect(await claimOnce('agreement-expired:y', 'later')).to.equal(true);
  });
});
