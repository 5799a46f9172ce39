import { expect } from 'chai';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { defaultTemplate } from '../../seed/questionnaire/default-template';
import { questionsOf, seedTemplate, type TemplateQuestion } from '../../src/modules/questionnaires';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { follow, makePdf, upload } from '../suppliers/support';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const KEY = 1;
const ANSWER = 8;
const NOTE = 9;

function firstOfType(type: TemplateQuestion['type']): TemplateQuestion {
  const found = questionsOf(defaultTemplate).find(({ question }) => question.type === type)?.question;
  if (!found) throw new Error(`the default template has no ${type} question`);
  return found;
}

/** Reads a binary response body (supertest buffers only text by default). */
function binary(request: supertest.Test): supertest.Test {
  return request.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

async function download(agent: SignedIn['agent'], id: string): Promise<ExcelJS.Workbook> {
  const response = await binary(agent.get(`/assessments/${id}/export.xlsx`));
  expect(response.status).to.equal(200);
  expect(response.headers['content-type']).to.equal(XLSX_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as ArrayBuffer);
  return workbook;
}

function answersSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const sheet = workbook.worksheets.find((candidate) => candidate.state === 'visible');
  if (!sheet) throw new Error('no visible sheet');
  return sheet;
}

/** The row of a question in the answers sheet. */
function rowOf(sheet: ExcelJS.Worksheet, key: string): ExcelJS.Row {
  for (let line = 2; line <= sheet.rowCount; line++) {
    if (sheet.getRow(line).getCell(KEY).value === key) return sheet.getRow(line);
  }
  throw new Error(`no row for ${key}`);
}

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function storedAnswer(assessmentId: string, key: string) {
  return mongoose.connection.db!.collection('answers').findOne({ _id: `${assessmentId}:${key}` as never });
}

async function auditActions(): Promise<string[]> {
  const events = await mongoose.connection.db!.collection('audit_events').find({}).toArray();
  return events.map((event) => String(event.action));
}

/** Uploads a workbook and returns the preview page it leads to. */
async function importWorkbook(vendor: SignedIn, id: string, content: Buffer, name = 'answers.xlsx') {
  const response = await upload(vendor.agent, `/assessments/${id}/import`, content, name);
  expect(response.status, response.text.slice(0, 300)).to.equal(303);
  const location = String(response.headers.location);
  return { location, page: await vendor.agent.get(location) };
}

describe('assessments: answering in Excel', () => {
  let procurement: SignedIn;
  let vendor: SignedIn;
  let assessmentId: string;

  const yesNo = firstOfType('yes_no');
  const single = firstOfType('single_choice');
  const multi = firstOfType('multi_choice');
  const longText = firstOfType('long_text');
  const number = firstOfType('number');
  const date = firstOfType('date');
  const fileQuestion = firstOfType('file');

  async function send(supplierId: string): Promise<string> {
    const templateId = String(
      (await mongoose.connection.db!.collection('questionnaire_templates').findOne({ status: 'published' }))
        ?._id,
    );
    const response = await procurement.post('/assessments', {
      supplierId,
      templateId,
      dueDate: '2027-03-31',
    });
    expect(response.status, response.text.slice(0, 500)).to.equal(303);
    return String(response.headers.location).split('/').pop()!;
  }

  beforeEach(async () => {
    await resetDatabase();
    await seedTemplate(defaultTemplate);
    procurement = await signedInAs('procurement');
    vendor = await signedInAs('vendor');
    assessmentId = await send(vendor.user.supplierId!);
  });

  it('exports every question with the answer and note columns to fill, in the reader’s language, and audits it', async () => {
    const token = await csrfToken(vendor.agent, `/assessments/${assessmentId}`);
    const saved = await vendor.agent
      .post(`/assessments/${assessmentId}/answers/${yesNo.key}`)
      .set('X-CSRF-Token', token)
      .send({ value: 'partial', note: 'Rolled out to 80 % of staff', saveId: 'first-save' });
    expect(saved.status).to.equal(200);

    const sheet = answersSheet(await download(vendor.agent, assessmentId));
    expect(sheet.rowCount - 1).to.equal(questionsOf(defaultTemplate).length);
    expect(sheet.getRow(1).getCell(ANSWER).value).to.equal('Your answer');
    const row = rowOf(sheet, yesNo.key);
    expect(row.getCell(3).value).to.contain(yesNo.text.en);
    expect(row.getCell(ANSWER).value).to.equal('Partly');
    expect(row.getCell(NOTE).value).to.equal('Rolled out to 80 % of staff');
    expect(await auditActions()).to.include('assessments.export');

    const chinese = await signedInAs({
      role: 'vendor',
      supplierId: vendor.user.supplierId!,
      locale: 'zh-CN',
    });
    const zhSheet = answersSheet(await download(chinese.agent, assessmentId));
    expect(zhSheet.getRow(1).getCell(ANSWER).value).to.equal('您的答案');
    expect(rowOf(zhSheet, yesNo.key).getCell(3).value).to.contain(yesNo.text.zh);
  });

  it('imports a filled-in workbook: preview first with nothing saved, then every answer exactly as typed', async () => {
    const workbook = await download(vendor.agent, assessmentId);
    const sheet = answersSheet(workbook);
    const [firstOption, secondOption] = multi.options!;
    rowOf(sheet, yesNo.key).getCell(ANSWER).value = 'yes';
    rowOf(sheet, yesNo.key).getCell(NOTE).value = 'MFA for every account since 2025';
    // A Chinese label works in an English workbook, and several options are split at ";".
    rowOf(sheet, single.key).getCell(ANSWER).value = single.options![1]!.label.zh;
    rowOf(sheet, multi.key).getCell(ANSWER).value = `${firstOption!.label.en}; ${secondOption!.label.zh}`;
    rowOf(sheet, longText.key).getCell(ANSWER).value = '=Described in policy IS-04\nsection 2';
    // Cells the spreadsheet typed as a number and as a date.
    rowOf(sheet, number.key).getCell(ANSWER).value = 48;
    rowOf(sheet, date.key).getCell(ANSWER).value = new Date(Date.UTC(2026, 8, 30));

    const { location, page } = await importWorkbook(vendor, assessmentId, await bytesOf(workbook));
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Save 6 answers');
    expect(page.text).to.contain(yesNo.key);
    expect(await storedAnswer(assessmentId, yesNo.key), 'nothing saved before confirming').to.equal(null);

    const confirmed = await follow(vendor.agent, await vendor.post(location));
    expect(confirmed.text).to.contain('6 answers saved from the workbook.');
    expect((await storedAnswer(assessmentId, yesNo.key))?.value).to.equal('yes');
    expect((await storedAnswer(assessmentId, yesNo.key))?.note).to.equal('MFA for every account since 2025');
    expect((await storedAnswer(assessmentId, single.key))?.value).to.equal(single.options![1]!.value);
    expect((await storedAnswer(assessmentId, multi.key))?.value).to.deep.equal([
      firstOption!.value,
      secondOption!.value,
    ]);
    expect((await storedAnswer(assessmentId, longText.key))?.value).to.equal(
      '=Described in policy IS-04\nsection 2',
    );
    expect((await storedAnswer(assessmentId, number.key))?.value).to.equal(48);
    expect((await storedAnswer(assessmentId, date.key))?.value).to.equal('2026-09-30');
    const actions = await auditActions();
    expect(actions.filter((action) => action === 'answers.change')).to.have.length(6);
    expect(actions).to.include('assessments.import');

    // Exporting again gives back what was imported.
    const again = answersSheet(await download(vendor.agent, assessmentId));
    expect(rowOf(again, longText.key).getCell(ANSWER).value).to.equal(
      '=Described in policy IS-04\nsection 2',
    );
    expect(rowOf(again, yesNo.key).getCell(ANSWER).value).to.equal('Yes');
  });

  it('a workbook with any bad row saves nothing and lists every problem by row', async () => {
    const workbook = await download(vendor.agent, assessmentId);
    const sheet = answersSheet(workbook);
    rowOf(sheet, yesNo.key).getCell(ANSWER).value = 'Yes';
    rowOf(sheet, single.key).getCell(ANSWER).value = 'Something else entirely';
    rowOf(sheet, fileQuestion.key).getCell(ANSWER).value = 'see attachment';
    const unknown = sheet.addRow(['no_such_question', '', '', '', '', '', '', 'yes']);
    const duplicate = sheet.addRow([yesNo.key, '', '', '', '', '', '', 'no']);

    const { location, page } = await importWorkbook(vendor, assessmentId, await bytesOf(workbook));
    expect(page.text).to.contain('Nothing has been saved. Fix the problems listed below');
    expect(page.text).not.to.contain('Save 1 answer');
    expect(page.text).to.contain('Choose one of the options.');
    expect(page.text).to.contain('This key is not a question of this questionnaire.');
    expect(page.text).to.contain(
      `This question appears twice; row ${rowOf(sheet, yesNo.key).number} has it too.`,
    );
    expect(page.text).to.contain('This question takes files');
    expect(page.text).to.contain(`<td>${unknown.number}</td>`);
    expect(page.text).to.contain(`<td>${duplicate.number}</td>`);

    const refused = await follow(vendor.agent, await vendor.post(location));
    expect(refused.text).to.contain('This file has problems and cannot be imported.');
    expect(await storedAnswer(assessmentId, yesNo.key)).to.equal(null);
  });

  it('refuses what is not this assessment’s workbook, with the reason', async () => {
    const other = await signedInAs('vendor');
    const otherId = await send(other.user.supplierId!);
    const othersWorkbook = await bytesOf(await download(other.agent, otherId));
    let result = await importWorkbook(vendor, assessmentId, othersWorkbook);
    expect(result.page.text).to.contain('This workbook belongs to another assessment');

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').addRow(['key', 'answer']);
    result = await importWorkbook(vendor, assessmentId, await bytesOf(plain));
    expect(result.page.text).to.contain('This is not a workbook downloaded from Vetted');

    const moved = await download(vendor.agent, assessmentId);
    answersSheet(moved).spliceColumns(2, 1);
    result = await importWorkbook(vendor, assessmentId, await bytesOf(moved));
    expect(result.page.text).to.contain('columns have been moved or renamed');

    // Checked by content: a PDF named .xlsx never reaches the reader.
    const pdf = await upload(
      vendor.agent,
      `/assessments/${assessmentId}/import`,
      await makePdf(),
      'answers.xlsx',
    );
    expect(pdf.status).to.equal(303);
    expect(pdf.headers.location).to.equal(`/assessments/${assessmentId}/import`);
    expect((await vendor.agent.get(String(pdf.headers.location))).text).to.contain(
      'This file is not of an accepted kind',
    );
  });

  it('refuses to apply a preview when an answer changed after it (another tab)', async () => {
    const workbook = await download(vendor.agent, assessmentId);
    rowOf(answersSheet(workbook), yesNo.key).getCell(ANSWER).value = 'No';
    const { location } = await importWorkbook(vendor, assessmentId, await bytesOf(workbook));

    const token = await csrfToken(vendor.agent, `/assessments/${assessmentId}`);
    await vendor.agent
      .post(`/assessments/${assessmentId}/answers/${yesNo.key}`)
      .set('X-CSRF-Token', token)
      .send({ value: 'yes', saveId: 'other-tab' })
      .expect(200);

    const refused = await follow(vendor.agent, await vendor.post(location));
    expect(refused.text).to.contain('Some answers changed after this check');
    expect((await storedAnswer(assessmentId, yesNo.key))?.value).to.equal('yes');
  });

  it('only the supplier’s vendor users import, only while the assessment is open; staff and auditors may export', async () => {
    const workbook = await bytesOf(await download(vendor.agent, assessmentId));
    for (const role of ['admin', 'procurement', 'auditor'] as const) {
      const staff = role === 'procurement' ? procurement : await signedInAs(role);
      expect((await staff.agent.get(`/assessments/${assessmentId}/import`)).status, role).to.equal(403);
      expect(
        (await upload(staff.agent, `/assessments/${assessmentId}/import`, workbook, 'a.xlsx')).status,
        role,
      ).to.equal(403);
      expect(
        (await binary(staff.agent.get(`/assessments/${assessmentId}/export.xlsx`))).status,
        role,
      ).to.equal(200);
    }
    const stranger = await signedInAs('vendor');
    expect((await stranger.agent.get(`/assessments/${assessmentId}/export.xlsx`)).status).to.equal(404);
    expect((await stranger.agent.get(`/assessments/${assessmentId}/import`)).status).to.equal(404);
    expect(
      (await upload(stranger.agent, `/assessments/${assessmentId}/import`, workbook, 'a.xlsx')).status,
    ).to.equal(404);

    // Someone else's preview stays theirs, even for a colleague at the same supplier.
    const { location } = await importWorkbook(vendor, assessmentId, workbook);
    const colleague = await signedInAs({ role: 'vendor', supplierId: vendor.user.supplierId! });
    expect((await colleague.agent.get(location)).status).to.equal(404);
    expect((await colleague.post(location)).status).to.equal(404);

    await mongoose.connection
      .db!.collection('assessments')
      .updateOne({ _id: new mongoose.Types.ObjectId(assessmentId) }, { $set: { status: 'submitted' } });
    expect((await vendor.agent.get(`/assessments/${assessmentId}/import`)).status).to.equal(409);
    expect((await vendor.post(location)).status).to.equal(409);
  });
});
