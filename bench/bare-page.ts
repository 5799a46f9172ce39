import path from 'node:path';
import express from 'express';

/**
 * The baseline for page benchmarks: Express rendering one EJS template with a table of 25 rows
 * and no database, so the portal's figures can be read against what the stack itself costs.
 */
const app = express();
app.set('view engine', 'ejs');
app.set('views', path.join(__dirname, 'views'));
const rows = Array.from({ length: 25 }, (_, index) => ({
  name: `Supplier ${index}`,
  status: 'active',
  tier: 'high',
}));
app.get('/', (_req, res) => res.render('bare', { rows }));
app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
