import { expect } from 'chai';
import {
  FILE_KINDS,
  KIND_CONTENT_TYPES,
  KIND_EXTENSIONS,
  SNIFF_BYTES,
  detectKind,
  type FileKind,
} from '../../src/lib/files';
import {
  sampleDocx,
  sampleGif,
  sampleJpeg,
  sampleOle,
  samplePdf,
  samplePng,
  samplePptx,
  sampleWebp,
  sampleXlsx,
  zip,
} from './support/samples';

describe('files: detectKind (content sniffing)', () => {
  const samples: [string, () => Buffer, FileKind][] = [
    ['a hand-written PDF', () => samplePdf(), 'pdf'],
    ['a 1×1 PNG', samplePng, 'png'],
    ['a JFIF JPEG', sampleJpeg, 'jpeg'],
    ['a GIF89a', sampleGif, 'gif'],
    ['a lossless WebP', sampleWebp, 'webp'],
    ['an OLE compound file (legacy .doc/.xls)', sampleOle, 'ole'],
    ['a deflated docx', () => sampleDocx(), 'docx'],
    ['a stored (uncompressed) docx', () => sampleDocx({}), 'docx'],
    [
      'a streamed docx (sizes in data descriptors)',
      () => sampleDocx({ deflate: true, dataDescriptor: true }),
      'docx',
    ],
    ['a deflated xlsx', () => sampleXlsx(), 'xlsx'],
    ['a streamed xlsx', () => sampleXlsx({ deflate: true, dataDescriptor: true }), 'xlsx'],
    ['a pptx', () => samplePptx(), 'pptx'],
    ['comma-separated lines', () => Buffer.from('name,email\nAlice,alice@example.test\n'), 'csv'],
    ['semicolon-separated lines with CRLF', () => Buffer.from('名称;国家\r\n供应商;CN\r\n'), 'csv'],
    ['plain UTF-8 text with Chinese', () => Buffer.from('数据处理协议\nData processing agreement\n'), 'text'],
    ['one line with commas (not a table)', () => Buffer.from('a, b and c\n'), 'text'],
    ['text with a UTF-8 byte-order mark', () => Buffer.from('\ufeffhello\n'), 'text'],
  ];

  for (const [description, build, kind] of samples) {
    it(`detectKind: ${description} → ${kind}`, () => {
      expect(detectKind(build())).to.equal(kind);
    });
  }

  const refused: [string, () => Buffer][] = [
    ['nothing at all', () => Buffer.alloc(0)],
    ['a zip that is no Office document', () => zip([{ name: 'notes/readme.txt', content: 'hello' }])],
    ['text with a NUL byte', () => Buffer.from('abc\0def')],
    ['invalid UTF-8', () => Buffer.from([0x61, 0xc3, 0x28, 0x62])],
    ['UTF-16 text (NUL bytes)', () => Buffer.from('\ufeffhello', 'utf16le')],
    ['a RIFF that is no WebP (WAVE)', () => Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
    ['an executable (MZ header)', () => Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])],
  ];

  for (const [description, build] of refused) {
    it(`detectKind: ${description} → undefined`, () => {
      expect(detectKind(build())).to.equal(undefined);
    });
  }

  it('detectKind: a PDF header after leading junk is not a PDF (the signature must open the file)', () => {
    expect(detectKind(Buffer.concat([Buffer.from('<html>'), samplePdf()]))).to.equal('text');
  });

  it('detectKind: the word/ entry found by walking past a large first entry', () => {
    const docx = zip([
      { name: 'docProps/thumbnail.bin', content: Buffer.alloc(40_000, 1) },
      { name: 'word/document.xml', content: '<w:document/>' },
    ]);
    expect(detectKind(docx)).to.equal('docx');
  });

  it('detectKind: a plain zip that merely stores a docx inside → undefined (entry data is skipped)', () => {
    const archive = zip([{ name: 'attachments/dpa.docx', content: sampleDocx({}) }]);
    expect(detectKind(archive)).to.equal(undefined);
  });

  it('detectKind: an Office entry beyond the first 64 KiB is not looked for → undefined', () => {
    const docx = zip([
      { name: 'docProps/thumbnail.bin', content: Buffer.alloc(SNIFF_BYTES, 1) },
      { name: 'word/document.xml', content: '<w:document/>' },
    ]);
    expect(detectKind(docx)).to.equal(undefined);
  });

  it('detectKind: a text head cut in the middle of a Chinese character at 64 KiB is still text', () => {
    const text = Buffer.from('协'.repeat(SNIFF_BYTES)); // 3 bytes each: 65536 is not a multiple of 3
    expect(detectKind(text.subarray(0, SNIFF_BYTES))).to.equal('text');
    expect(detectKind(text)).to.equal('text');
  });

  it('detectKind: a short file ending in half a character is not text', () => {
    expect(detectKind(Buffer.from('协议').subarray(0, 5))).to.equal(undefined);
  });

  it('KIND_CONTENT_TYPES and KIND_EXTENSIONS: an entry for every kind', () => {
    for (const kind of FILE_KINDS) {
      expect(KIND_CONTENT_TYPES[kind], kind).to.match(/^[a-z]+\/[\w.+-]+/);
      expect(KIND_EXTENSIONS[kind], kind).to.match(/^[a-z]+$/);
    }
    expect(KIND_CONTENT_TYPES.pdf).to.equal('application/pdf');
    expect(KIND_EXTENSIONS.jpeg).to.equal('jpg');
  });
});
