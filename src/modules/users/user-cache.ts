/**
 * A short-lived memory of users read on every request (the signed-in user, the staff list),
 * saving a database round trip per page. Any write to the users collection in this process
 * empties it (see the hooks in users.model.ts). Another process's change shows within TTL_MS;
 * that is safe because disabling an account, changing its role or password also deletes its
 * sessions, so no request can ride on a stale entry.
 */
const TTL_MS = 5_000;

interface Entry<Value> {
  value: Value;
  at: number;
}

const entries = new Map<string, Entry<unknown>>();

/** The cached value for `key`, or what `load` returns (then cached). */
export async function cachedUserRead<Value>(key: string, load: () => Promise<Value>): Promise<Value> {
  const entry = entries.get(key);
  if (entry && Date.now() - entry.at < TTL_MS) return entry.value as Value;
  const value = await load();
  entries.set(key, { value, at: Date.now() });
  return value;
}

/** Empties the cache (after any user write, and in tests). */
export function forgetUsers(): void {
  entries.clear();
}
