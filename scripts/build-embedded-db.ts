import { ensureFerretdbBinary, ferretdbBinary } from '../src/db/embedded';
import { createLogger } from '../src/lib/logger';

/** `npm run db:build`: builds the embedded FerretDB once (start-up and tests also do it on demand). */
try {
  ensureFerretdbBinary(createLogger('warn'));
  process.stdout.write(`Embedded database ready: ${ferretdbBinary}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
