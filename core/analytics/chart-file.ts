/**
 * A chart saved from the Analytics page: its data as CSV or its picture as PNG, in the
 * workspace's exports folder (`chart-<name>-<time>.csv|png`), audited like every export
 * (the chart, the format and the size; a chart holds counts, never a person's data).
 *
 * The CSV is read and written again cell by cell with the rule of every export of the app
 * (UTF-8 with a BOM for Excel, CRLF, formulas defused: a tag or a custom field value can
 * come from a chat user), so the page sends plain values and cannot get that wrong.
 */
import { closeSync, unlinkSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { ParsedInput } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { parseCsv } from '../import/csv.js';
import { csvCell } from '../services/csv.js';
import { newExportFile } from '../services/export-files.js';
import type { Workspace } from '../services/workspace.js';

export const MAX_CHART_BYTES = 15 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function refuse(message: string): never {
  throw new CoreError('bad_request', message, ['content']);
}

function csvBytes(text: string): Buffer {
  const { records } = parseCsv(text.replace(/^\uFEFF/, ''), ',');
  if (records.length === 0) refuse('The chart has no data to save.');
  const broken = records.find((r) => r.binary || r.cellTooLong || r.unclosedQuote);
  if (broken) refuse(`The chart’s CSV is damaged at line ${broken.line}.`);
  return Buffer.from(`\uFEFF${records.map((r) => r.cells.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

function pngBytes(base64: string): Buffer {
  // A data URL (canvas.toDataURL) is taken as its base64 part.
  const data = base64.replace(/^data:image\/png;base64,/, '').replace(/\s+/g, '');
  if (data.length === 0) refuse('The picture is empty.');
  if (data.length % 4 !== 0 || !BASE64.test(data)) refuse('The picture is not valid base64.');
  if ((data.length / 4) * 3 > MAX_CHART_BYTES + 2) refuse(`The picture is larger than ${MAX_CHART_BYTES / 1024 / 1024} MB.`);
  const bytes = Buffer.from(data, 'base64');
  // The signature and a first IHDR chunk: what every PNG reader checks first.
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') refuse('This is not a PNG picture.');
  return bytes;
}

export function saveChart(ws: Workspace, input: ParsedInput<'analytics.saveChart'>): { path: string; fileName: string; bytes: number } {
  const bytes = input.format === 'csv' ? csvBytes(input.content) : pngBytes(input.content);
  if (bytes.length > MAX_CHART_BYTES) refuse(`The chart is larger than ${MAX_CHART_BYTES / 1024 / 1024} MB.`);
  const file = newExportFile(ws, `chart-${input.chart}`, `.${input.format}`);
  try {
    writeSync(file.fd, bytes);
  } catch (error) {
    closeSync(file.fd);
    unlinkSync(file.path);
    throw error;
  }
  closeSync(file.fd);
  const fileName = basename(file.path);
  ws.transaction(() => ws.audit.append(ws.agent, { action: 'analytics.chart_saved', details: { chart: input.chart, format: input.format, file: fileName, bytes: bytes.length } }));
  return { path: file.path, fileName, bytes: bytes.length };
}
