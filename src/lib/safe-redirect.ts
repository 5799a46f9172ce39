/**
 * Returns `candidate` when it is a path on this site (so redirecting to it cannot send the user
 * elsewhere), otherwise `fallback`. Rejects absolute URLs, protocol-relative "//host" and
 * backslash tricks that some browsers read as "//".
 */
export function safeRedirectPath(candidate: unknown, fallback = '/'): string {
  if (typeof candidate !== 'string' || candidate.length > 2000) return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return fallback;
  // Control characters (tabs, newlines) are stripped by browsers and can hide a "//".
  if (/\p{Cc}/u.test(candidate)) return fallback;
  return candidate;
}
