/**
 * Reading the Word documents the server writes, in tests (server and browser): the body part of a
 * .docx, an OOXML zip (ECMA-376 Part 2, Open Packaging Conventions), unpacked with JSZip.
 */
import JSZip from 'jszip';

/**
 * The text of `word/document.xml` in the .docx `buffer`: the body's WordprocessingML markup, tags
 * included (so a test can walk the table cells; strip `<…>` for the plain text).
 * @throws Error when `buffer` is not a zip, or has no `[Content_Types].xml` or no `word/document.xml`
 */
export async function docxText(buffer: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  for (const part of ['[Content_Types].xml', 'word/document.xml']) {
    if (zip.file(part) === null) throw new Error(`not a docx: ${part} not found`);
  }
  return zip.file('word/document.xml')!.async('string');
}
