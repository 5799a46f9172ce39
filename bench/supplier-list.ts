import { generateSuppliers } from './lib/generate';
import {
  createBenchAdmin,
  load,
  refuseFailedRuns,
  report,
  runBenchmark,
  signInCookie,
  startApp,
  startScript,
  type LoadResult,
} from './lib/harness';
import { UserModel } from '../src/modules/users/users.model';

/**
 * Issue 3 benchmark: the supplier list at 10,000 suppliers (first page, a filtered page, a
 * name search) next to a bare Express + EJS page, measured with autocannon in the same run.
 * Target: list page p99 under 250 ms on the embedded database.
 *
 *   node --import tsx bench/supplier-list.ts [suppliers=10000] [seconds=15]
 */
runBenchmark('list', async ({ database, keep }) => {
  const count = Number(process.argv[2] ?? 10_000);
  const seconds = Number(process.argv[3] ?? 15);
  const email = await createBenchAdmin();
  const admin = await UserModel.findOne({ email }).lean();
  const started = Date.now();
  await generateSuppliers(count, admin?._id.toString() ?? '');
  const generatedMs = Date.now() - started;
  console.log(`generated ${count} suppliers with 2 agreements each in ${Math.round(generatedMs / 1000)} s`);

  const bare = keep(await startScript('bench/bare-page.ts', {}));
  const app = keep(await startApp(database.uri, database.dataDir));
  const cookie = await signInCookie(app.baseUrl, email);
  const warm = Date.now();
  await fetch(`${app.baseUrl}/suppliers`, { headers: { cookie } });
  const firstLoadMs = Date.now() - warm;
  const rows: LoadResult[] = [];
  rows.push(await load('bare Express + EJS page (baseline)', `${bare.baseUrl}/`, { duration: seconds }));
  rows.push(
    await load('supplier list, first page', `${app.baseUrl}/suppliers`, { cookie, duration: seconds }),
  );
  rows.push(
    await load(
      'supplier list, filtered (active, high, DPA gaps)',
      `${app.baseUrl}/suppliers?status=active&tier=high&agreement=dpa_gaps`,
      {
        cookie,
        duration: seconds,
      },
    ),
  );
  rows.push(
    await load(
      'supplier list, name search (Chinese)',
      `${app.baseUrl}/suppliers?q=${encodeURIComponent('供应商99')}`,
      {
        cookie,
        duration: seconds,
      },
    ),
  );
  report('supplier-list', rows, { suppliers: count, generatedMs, firstListLoadMs: firstLoadMs });
  refuseFailedRuns(rows);
});
