import { startTestEnvironment, stopTestEnvironment } from './environment';

/** Mocha root hooks: one database and one app for the whole run. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    // The first run on a machine may build FerretDB (about two minutes).
    this.timeout(600_000);
    await startTestEnvironment();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopTestEnvironment();
  },
};
