import fs from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';

/** The languages Vetted speaks. The first is the fallback for missing keys. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const localesDir = path.resolve(__dirname, '..', '..', 'locales');

let initialised = false;

/** Loads the translation files once; safe to call repeatedly. */
export function initI18n(): void {
  if (initialised) return;
  const resources = Object.fromEntries(
    LOCALES.map((locale) => [locale, { translation: readTranslations(locale) }]),
  );
  void i18next.init({
    initAsync: false,
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    // EJS escapes on output; escaping here too would show "&amp;" to users.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  initialised = true;
}

/**
 * The translations of one language: `translation.json` and then every other `*.json` in its
 * folder (a feature may keep its strings in a file of its own). Two files claiming the same
 * top-level key is a mistake that stops start-up.
 */
export function readTranslations(locale: Locale): Record<string, unknown> {
  const folder = path.join(localesDir, locale);
  const files = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.json') && name !== 'translation.json')
    .sort();
  const merged: Record<string, unknown> = {};
  for (const name of ['translation.json', ...files]) {
    const content = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(content)) {
      if (key in merged)
        throw new Error(`i18n: "${key}" in ${locale}/${name} is already defined in another file`);
      merged[key] = value;
    }
  }
  return merged;
}

const translators = new Map<Locale, TFunction>();
/** How many translations each language keeps; a full store starts again (values like dates vary). */
const REMEMBERED = 20_000;

/**
 * What identifies a translation call whose result can be kept: the key, and options made only
 * of strings, numbers and booleans (`{ count: 3 }`, `{ date: '2026-03-01' }`). Anything else
 * (objects, functions) is translated every time.
 */
function memoKey(key: unknown, rest: unknown[]): string | undefined {
  if (typeof key !== 'string' || rest.length > 1) return undefined;
  const options = rest[0];
  if (options === undefined) return key;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  let memo = key;
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !['string', 'number', 'boolean'].includes(typeof value)) return undefined;
    memo += `\u0000${name}=${String(value)}`;
  }
  return memo;
}

/**
 * A translation function bound to one language. Results are remembered: list pages call it
 * hundreds of times per request with the same keys and values, and the files never change
 * while the app runs.
 */
export function translator(locale: Locale): TFunction {
  initI18n();
  let bound = translators.get(locale);
  if (!bound) {
    const fixed = i18next.getFixedT(locale) as unknown as (...args: unknown[]) => unknown;
    const remembered = new Map<string, string>();
    const lookup = (key: unknown, ...rest: unknown[]): unknown => {
      const memo = memoKey(key, rest);
      if (memo === undefined) return fixed(key, ...rest);
      const known = remembered.get(memo);
      if (known !== undefined) return known;
      const text = fixed(key, ...rest);
      if (typeof text === 'string') {
        if (remembered.size >= REMEMBERED) remembered.clear();
        remembered.set(memo, text);
      }
      return text;
    };
    bound = lookup as unknown as TFunction;
    translators.set(locale, bound);
  }
  return bound;
}

/** Narrows any string to a supported locale, or undefined. */
export function asLocale(value: unknown): Locale | undefined {
  if (typeof value !== 'string') return undefined;
  return (LOCALES as readonly string[]).includes(value) ? (value as Locale) : undefined;
}

/**
 * Picks the best supported locale from an Accept-Language header, honouring q-values.
 * Any Chinese variant maps to Simplified Chinese, any English variant to English.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}
