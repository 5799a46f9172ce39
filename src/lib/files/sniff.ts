import { TextDecoder } from 'node:util';

/** The kinds of file Vetted accepts, each recognised by its content alone. */
export type FileKind =
  'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'pptx' | 'ole' | 'csv' | 'text';

/** Every kind, in a stable order (for validation and listings). */
export const FILE_KINDS: readonly FileKind[] = [
  'pdf',
  'png',
  'jpeg',
  'gif',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'ole',
  'csv',
  'text',
];

/** How many leading bytes of a file `detectKind` looks at; more are ignored. */
export const SNIFF_BYTES = 64 * 1024;

/** The Content-Type a stored file of each kind is served with. */
export const KIND_CONTENT_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  // A legacy Word/Excel/PowerPoint file: the container says which only deep inside.
  ole: 'application/x-ole-storage',
  csv: 'text/csv; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

/** The usual file-name extension (without the dot) of each kind; for names that have none. */
export const KIND_EXTENSIONS: Record<FileKind, string> = {
  pdf: 'pdf',
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
  webp: 'webp',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  ole: 'bin',
  csv: 'csv',
  text: 'txt',
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL_HEADER = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_LOCAL_HEADER_LENGTH = 30;

function startsWith(head: Buffer, signature: Buffer | string, at = 0): boolean {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return head.length >= at + expected.length && head.subarray(at, at + expected.length).equals(expected);
}

/**
 * Works out what a file is from its first bytes (up to 64 KiB; pass more and the rest is
 * ignored). Undefined when it is none of the kinds Vetted knows. The file's name plays no part:
 * a PNG called "contract.pdf" is a PNG.
 *
 * Text and CSV mean valid UTF-8 without NUL bytes within the head; a multi-byte character cut
 * off at the very end of a full head is allowed, since the head may end mid-character.
 */
export function detectKind(head: Buffer): FileKind | undefined {
  const bytes = head.length > SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES) : head;
  if (bytes.length === 0) return undefined;
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  if (startsWith(bytes, OLE_SIGNATURE)) return 'ole';
  if (startsWith(bytes, ZIP_LOCAL_HEADER)) return officeKind(bytes);
  return textKind(bytes, head.length >= SNIFF_BYTES);
}

/** Which Office Open XML document a zip holds, from the entry names in its local file headers. */
function officeKind(head: Buffer): FileKind | undefined {
  let offset = 0;
  while (offset + ZIP_LOCAL_HEADER_LENGTH <= head.length) {
    if (!startsWith(head, ZIP_LOCAL_HEADER, offset)) {
      // The entry's size was unknown (written with a data descriptor) or wrong: look for the
      // next header instead of walking.
      const next = head.indexOf(ZIP_LOCAL_HEADER, offset + 1);
      if (next < 0) return undefined;
      offset = next;
      continue;
    }
    const flags = head.readUInt16LE(offset + 6);
    const compressedSize = head.readUInt32LE(offset + 18);
    const nameStart = offset + ZIP_LOCAL_HEADER_LENGTH;
    const nameEnd = nameStart + head.readUInt16LE(offset + 26);
    const dataStart = nameEnd + head.readUInt16LE(offset + 28);
    if (nameEnd > head.length) return undefined;
    const kind = officeKindOfEntry(head.toString('latin1', nameStart, nameEnd));
    if (kind) return kind;
    const sizeKnown = (flags & 0x08) === 0 && compressedSize !== 0xffffffff;
    offset = sizeKnown ? dataStart + compressedSize : nameEnd;
  }
  return undefined;
}

function officeKindOfEntry(name: string): FileKind | undefined {
  if (name.startsWith('word/')) return 'docx';
  if (name.startsWith('xl/')) return 'xlsx';
  if (name.startsWith('ppt/')) return 'pptx';
  return undefined;
}

/** 'csv' or 'text' for UTF-8 text, undefined for anything else. */
function textKind(head: Buffer, truncated: boolean): FileKind | undefined {
  if (head.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: truncated });
  } catch {
    return undefined;
  }
  const lineEnd = text.indexOf('\n');
  if (lineEnd < 0) return 'text';
  const firstLine = text.slice(0, lineEnd);
  const hasSeparator = firstLine.includes(',') || firstLine.includes(';');
  return hasSeparator && text.slice(lineEnd + 1).trim() !== '' ? 'csv' : 'text';
}
