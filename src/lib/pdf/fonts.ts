import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Noto Sans SC (SIL Open Font License) from the npm package: it draws Chinese, Latin and
 * digits, so one family serves both editions. pdfkit embeds only the glyphs a document uses
 * (a subset), which keeps a report at tens of kilobytes although each file is about 10 MB.
 * pdfkit's built-in fonts have no Chinese glyphs; WOFF2 files load but draw nothing.
 */
const PACKAGE_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

export const FONT_FILES = {
  regular: path.join(PACKAGE_DIR, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: path.join(PACKAGE_DIR, '700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

export type FontName = keyof typeof FONT_FILES;

let loaded: Record<FontName, Buffer> | undefined;

/** The font files, read once per process and shared by every document. */
export function pdfFonts(): Record<FontName, Buffer> {
  loaded ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) };
  return loaded;
}
