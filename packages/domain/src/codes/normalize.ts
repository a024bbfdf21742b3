/**
 * Normalises an identifier typed or pasted by a person (credit code, permit number)
 * before validation:
 *
 * 1. full-width forms U+FF01–U+FF5E (digits `０-９`, letters `Ａ-Ｚ`/`ａ-ｚ`, punctuation such as `－`)
 *    become their ASCII counterparts U+0021–U+007E, and the ideographic space U+3000 becomes
 *    an ASCII space;
 * 2. leading and trailing white space is removed (inner white space is kept, so that
 *    `9145 1200…` is reported as wrong rather than silently repaired);
 * 3. ASCII letters are upper-cased.
 *
 * Never throws. Source: GB 32100-2015 and HJ 608-2017 (regulations.md §5) define both codes with upper-case
 * ASCII letters and digits only; the full-width folding follows the Unicode
 * "Halfwidth and Fullwidth Forms" block (U+FF00–U+FFEF).
 *
 * @param input any string, e.g. `' ９１４５１２００７９１３１８１２９ｙ '`
 * @returns the normalised string, e.g. `'91451200791318129Y'`
 */
export function normalizeCode(input: string): string {
  let folded = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) folded += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) folded += ' ';
    else folded += ch;
  }
  return folded.trim().replace(/[a-z]+/g, (s) => s.toUpperCase());
}
