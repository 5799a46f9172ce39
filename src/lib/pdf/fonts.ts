import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

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

let loaded: Record<FontName, fontkit.Font> | undefined;

/**
 * The fonts, read and parsed once per process and shared by every document. Parsing a 10 MB
 * CJK font for each document cost about as much time as drawing it, and left that much
 * garbage behind; a shared font only keeps the glyphs it has laid out so far.
 */
export function pdfFonts(): Record<FontName, fontkit.Font> {
  loaded ??= { regular: openFont(FONT_FILES.regular), bold: openFont(FONT_FILES.bold) };
  return loaded;
}

function openFont(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(file));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a single font`);
  return font;
}
