import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import { expect } from 'chai';
import { Binary, GridFSBucket, ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import {
  CHUNK_SIZE,
  FILE_KINDS,
  FileIntegrityError,
  UploadRejectedError,
  deleteFile,
  findFile,
  openFileStream,
  sanitizeFilename,
  storeFile,
  verifyFile,
  type FileKind,
  type StoreFileOptions,
} from '../../src/lib/files';
import { NotFoundError } from '../../src/lib/errors';
import { resetDatabase } from '../helpers/environment';
import {
  largePdf,
  pseudoRandomBytes,
  sampleDocx,
  sampleGif,
  sampleJpeg,
  sampleOle,
  samplePdf,
  samplePng,
  samplePptx,
  sampleWebp,
  sampleXlsx,
} from './support/samples';

const MIB = 1024 * 1024;

interface RawChunk {
  _id: string;
  files_id: ObjectId;
  n: number;
  data: Binary;
}

const filesCollection = () => mongoose.connection.db!.collection('fs.files');
const chunksCollection = () => mongoose.connection.db!.collection<RawChunk>('fs.chunks');
const bytesOf = (binary: Binary) => Buffer.from(binary.read(0, binary.length()));

async function storedCounts(): Promise<{ files: number; chunks: number }> {
  return {
    files: await filesCollection().countDocuments({}),
    chunks: await chunksCollection().countDocuments({}),
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A stream over `bytes` in pieces of `pieceSize`, counting how much of it was read. */
function sourceOf(bytes: Buffer, pieceSize = 64 * 1024): Readable & { bytesRead: () => number } {
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset >= bytes.length) {
        this.push(null);
        return;
      }
      const piece = bytes.subarray(offset, offset + pieceSize);
      offset += piece.length;
      this.push(piece);
    },
  });
  return Object.assign(stream, { bytesRead: () => offset });
}

function options(overrides: Partial<StoreFileOptions> = {}): StoreFileOptions {
  return { filename: 'dpa.pdf', accept: ['pdf'], maxBytes: 10 * MIB, ...overrides };
}

/** The rejection storeFile ended with (fails the test if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail('expected the promise to reject');
}

describe('files: file store', () => {
  beforeEach(resetDatabase);

  describe('storeFile', () => {
    it('storeFile: a PDF → a files document in the GridFS layout and one chunk with the id "<file id>:0"', async () => {
      const pdf = samplePdf();
      const stored = await storeFile(
        sourceOf(pdf),
        options({ metadata: { supplierId: 'sup-1', version: 2 } }),
      );

      expect(stored).to.include({
        filename: 'dpa.pdf',
        length: pdf.length,
        sha256: sha256(pdf),
        kind: 'pdf',
        contentType: 'application/pdf',
      });
      expect(stored.id).to.match(/^[0-9a-f]{24}$/);
      expect(stored.uploadedAt).to.be.instanceOf(Date);

      const filesDoc = await filesCollection().findOne({ _id: new ObjectId(stored.id) });
      expect(filesDoc).to.deep.equal({
        _id: new ObjectId(stored.id),
        length: pdf.length,
        chunkSize: CHUNK_SIZE,
        uploadDate: stored.uploadedAt,
        filename: 'dpa.pdf',
        metadata: {
          supplierId: 'sup-1',
          version: 2,
          sha256: sha256(pdf),
          kind: 'pdf',
          contentType: 'application/pdf',
        },
      });
      const chunks = await chunksCollection().find({}).toArray();
      expect(chunks).to.have.length(1);
      expect(chunks[0]).to.include({ _id: `${stored.id}:0`, n: 0 });
      expect(chunks[0]!.files_id.equals(new ObjectId(stored.id))).to.equal(true);
      expect(bytesOf(chunks[0]!.data).equals(pdf)).to.equal(true);
      expect(await findFile(stored.id)).to.deep.equal(stored);
    });

    const samples: [FileKind, () => Buffer][] = [
      ['pdf', () => samplePdf()],
      ['png', samplePng],
      ['jpeg', sampleJpeg],
      ['gif', sampleGif],
      ['webp', sampleWebp],
      ['docx', () => sampleDocx()],
      ['xlsx', () => sampleXlsx()],
      ['pptx', () => samplePptx()],
      ['ole', sampleOle],
      ['csv', () => Buffer.from('name;country\nAcme;CN\n')],
      ['text', () => Buffer.from('Evidence of training, 2025.\n')],
    ];

    it('storeFile: every kind is recognised from its content and given its content type', async () => {
      for (const [kind, build] of samples) {
        const stored = await storeFile(
          sourceOf(build()),
          options({ filename: 'upload', accept: FILE_KINDS }),
        );
        expect(stored.kind, kind).to.equal(kind);
        expect((await findFile(stored.id))?.contentType, kind).to.equal(stored.contentType);
      }
      expect((await storedCounts()).files).to.equal(samples.length);
    });

    it('storeFile: a PNG named contract.pdf when only PDF is accepted → rejected as "type", nothing written', async () => {
      const error = await rejection(storeFile(sourceOf(samplePng()), options({ filename: 'contract.pdf' })));
      expect(error).to.be.instanceOf(UploadRejectedError);
      expect(error).to.include({ reason: 'type', status: 422, messageKey: 'files.errors.type' });
      expect((error as UploadRejectedError).params).to.deep.equal({ types: 'PDF' });
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a text file named .pdf when only PDF is accepted → rejected as "type", nothing written', async () => {
      const error = await rejection(
        storeFile(sourceOf(Buffer.from('%not a pdf\nhello\n')), options({ filename: 'invoice.pdf' })),
      );
      expect(error).to.include({ reason: 'type' });
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a large file of the wrong kind is refused after its first 64 KiB, not read to the end', async () => {
      const png = Buffer.concat([samplePng(), pseudoRandomBytes(2 * MIB)]);
      const source = sourceOf(png, 16 * 1024);
      const error = await rejection(storeFile(source, options()));
      expect(error).to.include({ reason: 'type' });
      expect(source.bytesRead()).to.be.at.most(128 * 1024);
      expect(source.destroyed).to.equal(true);
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a 3 MiB file round-trips in 13 chunks with ids "<id>:0".."<id>:12", its SHA-256 and length', async () => {
      const pdf = largePdf(3 * MIB);
      // Odd-sized pieces: chunk boundaries fall in the middle of them.
      const stored = await storeFile(sourceOf(pdf, 100_003), options({ maxBytes: 5 * MIB }));
      expect(stored.length).to.equal(pdf.length);
      expect(stored.sha256).to.equal(sha256(pdf));

      const expectedChunks = Math.ceil(pdf.length / CHUNK_SIZE);
      expect(expectedChunks).to.equal(13);
      const chunks = await chunksCollection().find({}).toArray();
      expect(chunks.map((chunk) => chunk._id).sort()).to.deep.equal(
        Array.from({ length: expectedChunks }, (_, n) => `${stored.id}:${n}`).sort(),
      );
      for (const chunk of chunks) {
        const { n } = chunk;
        expect(chunk._id).to.equal(`${stored.id}:${n}`);
        const expectedLength = n < expectedChunks - 1 ? CHUNK_SIZE : pdf.length - CHUNK_SIZE * n;
        expect(chunk.data.length(), `chunk ${n}`).to.equal(expectedLength);
      }

      const read = await readAll(openFileStream(stored));
      expect(read.length).to.equal(pdf.length);
      expect(read.equals(pdf)).to.equal(true);
      expect((await verifyFile(stored.id)).ok).to.equal(true);
    });

    it("storeFile: the stored file is readable by the driver's standard GridFSBucket", async () => {
      const pdf = largePdf(600 * 1024);
      const stored = await storeFile(sourceOf(pdf), options());
      const bucket = new GridFSBucket(mongoose.connection.db!);
      const read = await readAll(bucket.openDownloadStream(new ObjectId(stored.id)));
      expect(read.equals(pdf)).to.equal(true);
    });

    it('storeFile: a file over maxBytes → rejected as "size" (413, {mb}), chunks already written removed', async () => {
      const pdf = largePdf(MIB);
      const source = sourceOf(pdf);
      const error = await rejection(storeFile(source, options({ maxBytes: 600 * 1024 })));
      expect(error).to.be.instanceOf(UploadRejectedError);
      expect(error).to.include({
        reason: 'size',
        status: 413,
        messageKey: 'files.errors.size',
        limitBytes: 600 * 1024,
      });
      expect((error as UploadRejectedError).params).to.deep.equal({ mb: 0.59 });
      expect(source.bytesRead()).to.be.below(pdf.length);
      expect(source.destroyed).to.equal(true);
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a file of exactly maxBytes is accepted', async () => {
      const pdf = largePdf(300 * 1024);
      const stored = await storeFile(sourceOf(pdf), options({ maxBytes: pdf.length }));
      expect(stored.length).to.equal(pdf.length);
    });

    it('storeFile: zero bytes → rejected as "empty" (422), nothing written', async () => {
      const error = await rejection(storeFile(sourceOf(Buffer.alloc(0)), options()));
      expect(error).to.include({ reason: 'empty', status: 422, messageKey: 'files.errors.empty' });
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a "text" file with a NUL byte past its first chunk → rejected as "type", its first chunk removed', async () => {
      const text = Buffer.from('line of evidence\n'.repeat(20_000)); // 340 000 bytes
      text[300_000] = 0;
      const error = await rejection(storeFile(sourceOf(text), options({ accept: ['text', 'csv'] })));
      expect(error).to.include({ reason: 'type' });
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a "text" file that ends in half a character → rejected as "type"', async () => {
      const text = Buffer.concat([
        Buffer.from('供应商名单\n'.repeat(30_000)),
        Buffer.from('协').subarray(0, 2),
      ]);
      const error = await rejection(storeFile(sourceOf(text), options({ accept: ['text'] })));
      expect(error).to.include({ reason: 'type' });
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a source that fails half-way → that error, and the chunks written so far removed', async () => {
      const pdf = largePdf(MIB);
      let sent = 0;
      const source = new Readable({
        read() {
          if (sent >= 700 * 1024) {
            this.destroy(new Error('connection reset by the uploader'));
            return;
          }
          this.push(pdf.subarray(sent, sent + 64 * 1024));
          sent += 64 * 1024;
        },
      });
      const error = await rejection(storeFile(source, options()));
      expect((error as Error).message).to.equal('connection reset by the uploader');
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: metadata that would overwrite the integrity fields or is no valid field name → TypeError', async () => {
      for (const key of ['sha256', 'kind', '$where', 'a.b']) {
        const error = await rejection(
          storeFile(sourceOf(samplePdf()), options({ metadata: { [key]: 'x' } })),
        );
        expect(error, key).to.be.instanceOf(TypeError);
      }
      expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
    });

    it('storeFile: a Chinese file name is kept as it is', async () => {
      const stored = await storeFile(
        sourceOf(samplePdf()),
        options({ filename: '数据处理协议（签署版）.pdf' }),
      );
      expect(stored.filename).to.equal('数据处理协议（签署版）.pdf');
      expect((await findFile(stored.id))?.filename).to.equal('数据处理协议（签署版）.pdf');
    });

    it('storeFile: a path such as "../../etc/passwd.pdf" is cut to its base name "passwd.pdf"', async () => {
      const stored = await storeFile(sourceOf(samplePdf()), options({ filename: '../../etc/passwd.pdf' }));
      expect(stored.filename).to.equal('passwd.pdf');
    });
  });

  describe('sanitizeFilename', () => {
    const cases: [string, string, FileKind, string][] = [
      ['a Windows path', 'C:\\Users\\张三\\合同.pdf', 'pdf', '合同.pdf'],
      ['control characters', 'dpa\u0000\r\n\u007f.pdf', 'pdf', 'dpa.pdf'],
      [
        'a right-to-left override that disguises the extension',
        'invoice\u202Efdp.exe',
        'pdf',
        'invoicefdp.exe',
      ],
      ['surrounding spaces', '  report.xlsx  ', 'xlsx', 'report.xlsx'],
      ['an empty name', '', 'pdf', 'file.pdf'],
      ['only separators and dots', '../..', 'docx', 'file.docx'],
      ['a trailing separator', 'evidence/', 'jpeg', 'file.jpg'],
    ];
    for (const [description, input, kind, expected] of cases) {
      it(`sanitizeFilename: ${description} → ${JSON.stringify(expected)}`, () => {
        expect(sanitizeFilename(input, kind)).to.equal(expected);
      });
    }

    it('sanitizeFilename: a name over 200 characters is shortened to 200, keeping its extension', () => {
      const name = sanitizeFilename(`${'供'.repeat(300)}.pdf`, 'pdf');
      expect(Array.from(name)).to.have.length(200);
      expect(name.endsWith('供.pdf')).to.equal(true);
    });
  });

  describe('findFile', () => {
    it('findFile: malformed or unknown ids → undefined', async () => {
      for (const id of [
        '',
        'abc',
        '../../etc/passwd',
        'zzzzzzzzzzzzzzzzzzzzzzzz',
        new ObjectId().toHexString(),
      ]) {
        expect(await findFile(id), id).to.equal(undefined);
      }
    });

    it('findFile: a files document this store did not write (no SHA-256 or kind) → undefined', async () => {
      const id = new ObjectId();
      await filesCollection().insertOne({
        _id: id,
        length: 3,
        chunkSize: CHUNK_SIZE,
        uploadDate: new Date(),
        filename: 'x.pdf',
        metadata: {},
      });
      expect(await findFile(id.toHexString())).to.equal(undefined);
    });
  });

  describe('verifyFile', () => {
    async function storeLargePdf() {
      const pdf = largePdf(700 * 1024);
      return { pdf, stored: await storeFile(sourceOf(pdf), options()) };
    }

    it('verifyFile: an untouched file → ok, with the SHA-256 recomputed from the chunks', async () => {
      const { pdf, stored } = await storeLargePdf();
      const result = await verifyFile(stored.id);
      expect(result).to.deep.equal({ file: stored, ok: true, actualSha256: sha256(pdf) });
    });

    it('verifyFile: one byte changed inside a chunk → not ok, and the actual SHA-256 differs', async () => {
      const { stored } = await storeLargePdf();
      const chunkId = `${stored.id}:1`;
      const chunk = await chunksCollection().findOne({ _id: chunkId });
      const data = bytesOf(chunk!.data);
      data[1234] = (data[1234]! + 1) % 256;
      await chunksCollection().updateOne({ _id: chunkId }, { $set: { data: new Binary(data) } });

      const result = await verifyFile(stored.id);
      expect(result.ok).to.equal(false);
      expect(result.file.sha256).to.equal(stored.sha256);
      expect(result.actualSha256)
        .to.match(/^[0-9a-f]{64}$/)
        .and.not.equal(stored.sha256);
    });

    it('verifyFile: a deleted chunk → not ok', async () => {
      const { stored } = await storeLargePdf();
      await chunksCollection().deleteOne({ _id: `${stored.id}:2` });
      const result = await verifyFile(stored.id);
      expect(result.ok).to.equal(false);
    });

    it('verifyFile: a chunk cut short (same bytes up to there) → not ok', async () => {
      const { stored } = await storeLargePdf();
      const chunkId = `${stored.id}:2`;
      const chunk = await chunksCollection().findOne({ _id: chunkId });
      const data = bytesOf(chunk!.data);
      await chunksCollection().updateOne(
        { _id: chunkId },
        { $set: { data: new Binary(data.subarray(0, 10)) } },
      );
      expect((await verifyFile(stored.id)).ok).to.equal(false);
    });

    it('verifyFile: an unknown or malformed id → NotFoundError', async () => {
      for (const id of [new ObjectId().toHexString(), 'not-an-id']) {
        const error = await rejection(verifyFile(id));
        expect(error, id).to.be.instanceOf(NotFoundError);
      }
    });
  });

  describe('openFileStream', () => {
    it('openFileStream: the exact bytes of a small file', async () => {
      const docx = sampleDocx();
      const stored = await storeFile(sourceOf(docx), options({ filename: 'policy.docx', accept: ['docx'] }));
      expect((await readAll(openFileStream(stored))).equals(docx)).to.equal(true);
    });

    it('openFileStream: a missing chunk ends the stream with a FileIntegrityError', async () => {
      const pdf = largePdf(600 * 1024);
      const stored = await storeFile(sourceOf(pdf), options());
      await chunksCollection().deleteOne({ _id: `${stored.id}:1` });
      const error = await rejection(readAll(openFileStream(stored)));
      expect(error).to.be.instanceOf(FileIntegrityError);
    });
  });

  describe('deleteFile', () => {
    it('deleteFile: removes the chunks and the files document, and leaves other files alone', async () => {
      const kept = await storeFile(sourceOf(samplePdf('kept')), options());
      const removed = await storeFile(sourceOf(largePdf(MIB)), options());
      expect(await storedCounts()).to.deep.equal({ files: 2, chunks: 1 + 5 });

      await deleteFile(removed.id);
      expect(await storedCounts()).to.deep.equal({ files: 1, chunks: 1 });
      expect(await findFile(removed.id)).to.equal(undefined);
      expect(await findFile(kept.id)).to.deep.equal(kept);
      expect((await verifyFile(kept.id)).ok).to.equal(true);
    });

    it('deleteFile: an unknown or malformed id → nothing happens', async () => {
      const kept = await storeFile(sourceOf(samplePdf()), options());
      await deleteFile(new ObjectId().toHexString());
      await deleteFile('nonsense');
      expect(await findFile(kept.id)).to.deep.equal(kept);
    });
  });
});
