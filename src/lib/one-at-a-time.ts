const queues = new Map<string, Promise<unknown>>();

/**
 * Runs tasks that share a key one after another in this process. The embedded FerretDB does
 * not apply a conditional write atomically (two "replace where revision = 4" can both match),
 * so writers of one record queue here first; on MongoDB the condition alone would be enough,
 * and it still guards writes from other processes.
 */
export async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}
