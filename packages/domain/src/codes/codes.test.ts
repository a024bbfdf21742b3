import { describe, expect, it } from 'vitest';
import usccCases from '../../test/fixtures/uscc.json' with { type: 'json' };
import permitCases from '../../test/fixtures/permit-no.json' with { type: 'json' };
import { normalizeCode } from './normalize.ts';
import { USCC_WEIGHTS, isValidUscc, usccCheckChar, usccDivisionCode, validateUscc } from './uscc.ts';
import { validatePermitNo } from './permit-no.ts';

describe('normalizeCode', () => {
  it.each([
    ['when the input has surrounding ASCII spaces, then they are trimmed', '  91451200791318129Y ', '91451200791318129Y'],
    ['when the input is full-width digits and letters, then they become ASCII', '９１４５１２００７９１３１８１２９Ｙ', '91451200791318129Y'],
    ['when the input has ideographic spaces (U+3000) around it, then they are trimmed', '\u300091451200791318129Y\u3000', '91451200791318129Y'],
    ['when the input is lower case, then it is upper-cased', '91451200791318129y001p', '91451200791318129Y001P'],
    ['when the input has full-width lower-case letters, then they become upper-case ASCII', 'ｙａ', 'YA'],
    ['when the input has full-width punctuation, then it becomes ASCII punctuation', '９１－４５', '91-45'],
    ['when the input has inner spaces, then they are kept', '9145 1200', '9145 1200'],
    ['when the input has tabs and newlines around it, then they are trimmed', '\t91\n', '91'],
    ['when the input is empty, then the result is empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });
});

describe('validateUscc: every case of shared/cases/uscc.json', () => {
  it.each(usccCases.map((c) => [c.input, c] as const))('when the input is %j, then the result matches the fixture', (input, expected) => {
    const result = validateUscc(input);
    expect(result).toStrictEqual(expected);
    expect(Object.keys(result)).toEqual(['input', 'normalized', 'valid', 'error']);
  });
});

describe('validateUscc: edge cases', () => {
  it.each([
    ['when the code is valid (regulations.md worked example), then valid', '91350100M000100Y43', '91350100M000100Y43', true, null],
    ['when the check char is computed by hand (Σ=243, 243 mod 31=26 → 5), then valid', '914501020000000005', '914501020000000005', true, null],
    ['when the input is full-width, then it is normalised and valid', '９１４５１２００７９１３１８１２９Ｙ', '91451200791318129Y', true, null],
    ['when the input has U+3000 and ASCII spaces around it, then it is valid', '\u3000 91451200791318129Y ', '91451200791318129Y', true, null],
    ['when the input is all lower case letters, then it is valid', '91350100m000100y43', '91350100M000100Y43', true, null],
    ['when the input has an inner space, then length', '9145 1200791318129Y', '9145 1200791318129Y', false, 'length'],
    ['when the input is 19 characters, then length', '91451200791318129Y0', '91451200791318129Y0', false, 'length'],
    ['when the input is empty, then length', '', '', false, 'length'],
    ['when the input is blank full-width spaces, then length', '\u3000\u3000', '', false, 'length'],
    ['when the input contains I, then charset', '91451200791318129I', '91451200791318129I', false, 'charset'],
    ['when the input contains O, then charset', 'O1451200791318129Y', 'O1451200791318129Y', false, 'charset'],
    ['when the input contains Z, then charset', '9145120079131812ZY', '9145120079131812ZY', false, 'charset'],
    ['when the input contains S, then charset', '91451200S91318129Y', '91451200S91318129Y', false, 'charset'],
    ['when the input contains V, then charset', '91451200V91318129Y', '91451200V91318129Y', false, 'charset'],
    ['when the input contains lower-case v, then it is upper-cased and charset', '91451200v91318129Y', '91451200V91318129Y', false, 'charset'],
    ['when the input has a letter in the division code (positions 3–8), then charset', '9145A200791318129Y', '9145A200791318129Y', false, 'charset'],
    ['when the input has an inner space of the right length, then charset', '9145120079131812 Y', '9145120079131812 Y', false, 'charset'],
    ['when the input has a hyphen, then charset', '91451200-91318129Y', '91451200-91318129Y', false, 'charset'],
    ['when the check char is off by one, then checksum', '91350100M000100Y44', '91350100M000100Y44', false, 'checksum'],
    ['when two digits are swapped, then checksum', '91452100791318129Y', '91452100791318129Y', false, 'checksum'],
  ] as const)('%s', (_name, input, normalized, valid, error) => {
    expect(validateUscc(input)).toStrictEqual({ input, normalized, valid, error });
  });

  it('when any input is checked, then the keys are exactly input, normalized, valid, error in this order', () => {
    expect(Object.keys(validateUscc('x'))).toEqual(['input', 'normalized', 'valid', 'error']);
    expect(JSON.stringify(validateUscc(' 91451200791318129y'))).toBe(
      '{"input":" 91451200791318129y","normalized":"91451200791318129Y","valid":true,"error":null}',
    );
  });

  it('when isValidUscc is asked, then it agrees with validateUscc', () => {
    expect(isValidUscc('91451200791318129Y')).toBe(true);
    expect(isValidUscc('91451200791318129X')).toBe(false);
  });
});

describe('USCC_WEIGHTS', () => {
  it('when computed as 3^(i-1) mod 31, then they equal the GB 32100 table', () => {
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });
});

describe('usccCheckChar', () => {
  it.each([
    ['when the regulations.md example (Σ=1640, mod 31=28) is given, then 3', '91350100M000100Y4', '3'],
    ['when Σ=1241 (mod 31=1), then Y', '91451200791318129', 'Y'],
    ['when Σ=243 (mod 31=26), then 5', '91450102000000000', '5'],
    ['when Σ mod 31 = 0, then 0', '91450100MA5KXXXX0', '0'],
  ])('%s', (_name, first17, expected) => {
    expect(usccCheckChar(first17)).toBe(expected);
  });

  it.each([
    ['when 16 characters are given, then it throws', '9145120079131812'],
    ['when 18 characters are given, then it throws', '91451200791318129Y'],
    ['when a lower-case letter is given, then it throws', '91350100m000100Y4'],
    ['when a forbidden letter is given, then it throws', '91350100I000100Y4'],
    ['when the division code has a letter, then it throws', '9135A100M000100Y4'],
  ])('%s', (_name, first17) => {
    expect(() => usccCheckChar(first17)).toThrow(RangeError);
  });

  it('when a generated code gets its check char appended, then validateUscc accepts it', () => {
    for (const first17 of ['91450181MA5L00001', '12450000000000000', '52451400MJ0000001']) {
      expect(validateUscc(first17 + usccCheckChar(first17)).valid).toBe(true);
    }
  });
});

describe('usccDivisionCode', () => {
  it.each([
    ['when a 河池 code is given, then 451200', '91451200791318129Y', '451200'],
    ['when a lower-case full-width code is given, then it is normalised first', '９１４５０１８１ｍａ５ｌ００００１Ｂ', '450181'],
    ['when the check char is wrong, then the division code is still returned', '91451200791318129X', '451200'],
  ])('%s', (_name, input, expected) => {
    expect(usccDivisionCode(input)).toBe(expected);
  });

  it.each([
    ['when the code is too short, then it throws', '9145120079'],
    ['when positions 3–8 are not digits, then it throws', '91AB1200791318129Y'],
  ])('%s', (_name, input) => {
    expect(() => usccDivisionCode(input)).toThrow(RangeError);
  });
});

describe('validatePermitNo: every case of shared/cases/permit-no.json', () => {
  it.each(permitCases.map((c) => [c.input, c] as const))('when the input is %j, then the result matches the fixture', (input, expected) => {
    const result = validatePermitNo(input);
    expect(result).toStrictEqual(expected);
    expect(Object.keys(result)).toEqual(['input', 'normalized', 'valid', 'error']);
  });
});

describe('validatePermitNo: edge cases', () => {
  it.each([
    ['when the number ends in W (registration), then valid', '91451200791318129Y001W', '91451200791318129Y001W', true, null],
    ['when the number is full-width with spaces, then it is normalised and valid', '\u3000９１４５１２００７９１３１８１２９Ｙ００１Ｐ ', '91451200791318129Y001P', true, null],
    ['when the number is the H9 substitute form, then the first 18 are not checked against GB 32100', 'H9450100ABCDEFGHIJ001P', 'H9450100ABCDEFGHIJ001P', true, null],
    ['when the H9 form is lower case, then it is normalised and valid', 'h9450100abcdefghij001p', 'H9450100ABCDEFGHIJ001P', true, null],
    ['when the number is 21 characters, then length', '91451200791318129Y001', '91451200791318129Y001', false, 'length'],
    ['when the number is 23 characters, then length', '91451200791318129Y001PP', '91451200791318129Y001PP', false, 'length'],
    ['when the number is a bare credit code, then length', '91451200791318129Y', '91451200791318129Y', false, 'length'],
    ['when the sequence has a letter, then format', '91451200791318129Y0A1P', '91451200791318129Y0A1P', false, 'format'],
    ['when the last character is a digit, then format', '91451200791318129Y0011', '91451200791318129Y0011', false, 'format'],
    ['when the first 18 contain a hyphen, then format', '9145120079131812-Y001P', '9145120079131812-Y001P', false, 'format'],
    ['when the H9 form has punctuation, then format', 'H9450100ABCDEFGH-J001P', 'H9450100ABCDEFGH-J001P', false, 'format'],
    ['when the credit code part has a wrong check char, then uscc', '91451200791318129X001P', '91451200791318129X001P', false, 'uscc'],
    ['when the credit code part has a forbidden letter, then uscc', '91451200791318129I001P', '91451200791318129I001P', false, 'uscc'],
  ] as const)('%s', (_name, input, normalized, valid, error) => {
    expect(validatePermitNo(input)).toStrictEqual({ input, normalized, valid, error });
  });
});
