/** Test workbooks written with the app's own ZIP writer. */
import { ZipWriter } from '../../core/files/zip.js';

/** A minimal workbook as Excel writes one: shared strings, inline strings, numbers, booleans, a date style. */
export async function writeXlsx(path: string, sheetRows: string, sharedStrings: string[]): Promise<void> {
  const zip = await ZipWriter.create(path);
  await zip.addFile('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  await zip.addFile(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="1" r:id="rId7"/></sheets></workbook>',
  );
  await zip.addFile(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/people.xml"/></Relationships>',
  );
  await zip.addFile(
    'xl/styles.xml',
    '<?xml version="1.0"?><styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
  );
  await zip.addFile('xl/sharedStrings.xml', `<?xml version="1.0"?><sst>${sharedStrings.map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join('')}</sst>`);
  await zip.addFile('xl/worksheets/people.xml', `<?xml version="1.0"?><worksheet><sheetData>${sheetRows}</sheetData></worksheet>`);
  await zip.close();
}
