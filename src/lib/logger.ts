import pino from 'pino';

/**
 * Paths that must never reach a log line: credentials, tokens and cookies.
 * pino replaces them with "[redacted]".
 */
const redactPaths = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  '*.password',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

/** Creates the application logger: JSON lines, or readable lines on a developer's terminal. */
export function createLogger(
  level: pino.LevelWithSilent = 'info',
  options: { pretty?: boolean } = {},
): pino.Logger {
  const pretty = options.pretty && canPrettyPrint();
  return pino({
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { app: 'vetted' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname,app,req,res,responseTime', translateTime: 'SYS:HH:MM:ss' },
          },
        }
      : {}),
  });
}

/** pino-pretty is a development dependency; production installs log JSON. */
function canPrettyPrint(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

let shared: pino.Logger = createLogger((process.env.LOG_LEVEL as pino.LevelWithSilent | undefined) ?? 'info');

/** The process-wide logger. */
export function logger(): pino.Logger {
  return shared;
}

/** Replaces the process-wide logger once the configuration is known. */
export function setLogger(next: pino.Logger): void {
  shared = next;
}

export type Logger = pino.Logger;
