import { expect } from 'chai';
import express, { type ErrorRequestHandler } from 'express';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { AppError } from '../../src/lib/errors';
import { UploadRejectedError, fileUpload, findFile, type FileUploadOptions } from '../../src/lib/files';
import { createLogger } from '../../src/lib/logger';
import { errorHandler } from '../../src/middleware/errors';
import { resetDatabase } from '../helpers/environment';
import { largePdf, samplePdf, samplePng } from './support/samples';

async function storedCounts(): Promise<{ files: number; chunks: number }> {
  const db = mongoose.connection.db!;
  return {
    files: await db.collection('fs.files').countDocuments({}),
    chunks: await db.collection('fs.chunks').countDocuments({}),
  };
}

/** Answers with what an error carries, so tests can see the reason. */
const reportError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof AppError) {
    res.status(error.status).json({
      messageKey: error.messageKey,
      params: error.params,
      reason: error instanceof UploadRejectedError ? error.reason : undefined,
    });
    return;
  }
  res.status(500).json({ message: String(error) });
};

/** A tiny app with one upload route that echoes what the route saw. */
function uploadApp(options: Partial<FileUploadOptions> = {}, handler: ErrorRequestHandler = reportError) {
  const app = express();
  app.post('/upload', fileUpload({ accept: ['pdf'], maxBytes: 200 * 1024, ...options }), (req, res) => {
    res.json({
      storedFile: req.storedFile ?? null,
      fileStoredFile: req.file?.storedFile ?? null,
      body: req.body as unknown,
    });
  });
  app.use(handler);
  return supertest(app);
}

describe('files: fileUpload middleware', () => {
  beforeEach(resetDatabase);

  it('fileUpload: an accepted PDF → req.storedFile set, the text fields on req.body, the file in the database', async () => {
    const pdf = samplePdf();
    const response = await uploadApp({ metadata: () => ({ uploadedBy: 'user-1' }) })
      .post('/upload')
      .field('note', 'countersigned')
      .attach('file', pdf, 'name.pdf');
    expect(response.status).to.equal(200);
    const { storedFile, fileStoredFile, body } = response.body as {
      storedFile: { id: string; filename: string; length: number; kind: string };
      fileStoredFile: unknown;
      body: Record<string, unknown>;
    };
    expect(storedFile).to.include({ filename: 'name.pdf', length: pdf.length, kind: 'pdf' });
    expect(fileStoredFile).to.deep.equal(storedFile);
    expect(body).to.deep.equal({ note: 'countersigned' });
    expect((await findFile(storedFile.id))?.length).to.equal(pdf.length);
    const filesDoc = await mongoose.connection.db!.collection('fs.files').findOne({});
    expect(filesDoc?.metadata).to.include({ uploadedBy: 'user-1' });
  });

  it('fileUpload: a Chinese file name arrives intact (UTF-8 part headers)', async () => {
    const response = await uploadApp().post('/upload').attach('file', samplePdf(), '保密协议 2025.pdf');
    expect(response.status).to.equal(200);
    expect((response.body as { storedFile: { filename: string } }).storedFile.filename).to.equal(
      '保密协议 2025.pdf',
    );
  });

  it('fileUpload: a custom field name is honoured', async () => {
    const response = await uploadApp({ field: 'evidence' })
      .post('/upload')
      .attach('evidence', samplePdf(), 'e.pdf');
    expect(response.status).to.equal(200);
    expect(await storedCounts()).to.deep.equal({ files: 1, chunks: 1 });
  });

  it('fileUpload: a file over maxBytes → 413, reason "size" with the limit, nothing stored', async () => {
    const response = await uploadApp({ maxBytes: 300 * 1024 })
      .post('/upload')
      .attach('file', largePdf(1024 * 1024), 'big.pdf');
    expect(response.status).to.equal(413);
    expect(response.body).to.deep.equal({
      messageKey: 'files.errors.size',
      params: { mb: 0.29 },
      reason: 'size',
    });
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it("fileUpload: through the application's error handler an oversized file is a 413 JSON error", async () => {
    const response = await uploadApp({}, errorHandler(createLogger('silent')))
      .post('/upload')
      .set('Accept', 'application/json')
      .attach('file', largePdf(400 * 1024), 'big.pdf');
    expect(response.status).to.equal(413);
    expect((response.body as { error: { status: number } }).error.status).to.equal(413);
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('fileUpload: a PNG named .pdf → 422, reason "type", nothing stored', async () => {
    const response = await uploadApp().post('/upload').attach('file', samplePng(), 'scan.pdf');
    expect(response.status).to.equal(422);
    expect(response.body).to.deep.equal({
      messageKey: 'files.errors.type',
      params: { types: 'PDF' },
      reason: 'type',
    });
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('fileUpload: a 2 MiB PNG named .pdf → 422 once its head is read (the rest is drained), nothing stored', async () => {
    const png = Buffer.concat([samplePng(), largePdf(2 * 1024 * 1024)]);
    const response = await uploadApp({ maxBytes: 5 * 1024 * 1024 })
      .post('/upload')
      .attach('file', png, 'scan.pdf');
    expect(response.status).to.equal(422);
    expect((response.body as { reason: string }).reason).to.equal('type');
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('fileUpload: an empty file → 422, reason "empty"', async () => {
    const response = await uploadApp().post('/upload').attach('file', Buffer.alloc(0), 'empty.pdf');
    expect(response.status).to.equal(422);
    expect((response.body as { reason: string }).reason).to.equal('empty');
  });

  it('fileUpload: a form without a file → 422 "empty"; with required: false → passes without req.storedFile', async () => {
    const refused = await uploadApp().post('/upload').field('note', 'no file');
    expect(refused.status).to.equal(422);
    expect((refused.body as { reason: string }).reason).to.equal('empty');

    const allowed = await uploadApp({ required: false }).post('/upload').field('note', 'no file');
    expect(allowed.status).to.equal(200);
    expect((allowed.body as { storedFile: unknown }).storedFile).to.equal(null);
  });

  it('fileUpload: two files → 400, and the first one, already stored, is removed again', async () => {
    const response = await uploadApp()
      .post('/upload')
      .attach('file', samplePdf('one'), 'one.pdf')
      .attach('file', samplePdf('two'), 'two.pdf');
    expect(response.status).to.equal(400);
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('fileUpload: a file in another field → 400, nothing stored', async () => {
    const response = await uploadApp().post('/upload').attach('other', samplePdf(), 'x.pdf');
    expect(response.status).to.equal(400);
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('fileUpload: too many text fields → 400, nothing stored', async () => {
    let request = uploadApp().post('/upload');
    for (let index = 0; index < 20; index++) request = request.field(`f${index}`, 'x');
    const response = await request.attach('file', samplePdf(), 'x.pdf');
    expect(response.status).to.equal(400);
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('fileUpload: a truncated multipart body → 400', async () => {
    const response = await uploadApp()
      .post('/upload')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut');
    expect(response.status).to.equal(400);
    expect(await storedCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });
});
