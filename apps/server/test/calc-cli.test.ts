/**
 * The calculation CLI contracts of issue 7:
 * `cpaudit score --system <system.json> --values <values.json> --json` → {indices (2 decimals), level, indicators};
 * `cpaudit econ … --json` → {depreciation, annualCashFlow, paybackYears, npv, npvr, irr} (4 decimals);
 * `cpaudit energy --carrier --amount --year --json` → {tce, co2t, factors} from the bundled refdata files.
 * Errors go to stderr with exit 2, naming the file, the JSON path and what was expected.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import scoringCases from '../../../packages/domain/test/fixtures/scoring/cases.json' with { type: 'json' };
import economicsCases from '../../../packages/domain/test/fixtures/economics.json' with { type: 'json' };

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/cpaudit.mjs', import.meta.url));
const systemFile = fileURLToPath(new URL('../../../packages/domain/test/fixtures/scoring/system.json', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-calc-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let fileCount = 0;
/** Writes a temp file under a unique name (the tests run concurrently). */
function file(name: string, content: unknown): string {
  fileCount += 1;
  const p = path.join(tmp, `${fileCount}-${name}`);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe.concurrent('cpaudit score', () => {
  it.each(scoringCases.map((c) => [c.case, c] as const))('when the shared case "%s" is scored, then indices and level match', async (_name, c) => {
    const { code, stdout } = await cli(['score', '--system', systemFile, '--values', file(`values-${c.case}.json`, c.values), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['indices', 'level', 'indicators']);
    expect({ indices: out.indices, level: out.level }).toEqual(c.expected);
    expect(out.indicators).toHaveLength(8);
  });

  it('when an index is 84.99999 (rounded to 2 decimals: 85), then the level is still decided on the exact sum', async () => {
    const sys = {
      id: 't',
      name: 't',
      levelRule: 'classic-2013',
      groups: [
        {
          name: 'g',
          weight: 1,
          indicators: [
            { id: 'a', name: 'A', unit: 't', weight: 0.8499999, direction: 'lower', benchmarks: { I: 1, II: 2, III: 3 }, limiting: false },
            { id: 'b', name: 'B', unit: 't', weight: 0.1500001, direction: 'lower', benchmarks: { I: 1, II: 2, III: 3 }, limiting: false },
          ],
        },
      ],
    };
    const { stdout } = await cli(['score', '--system', file('edge.json', sys), '--values', file('edge-values.json', { a: 1, b: 3 }), '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ indices: { I: 85, II: 85, III: 100 }, level: 'III' });
  });

  it.each<[string, string, string, RegExp]>([
    ['malformed JSON names the file', 'broken.json', '{"id": 1', /broken\.json: not valid JSON .*expected an indicator system/],
    ['a wrong type names the JSON path', 'wrongtype.json', JSON.stringify({ id: 'x', name: 'y', levelRule: 'classic-2013', groups: [{ name: 'g', weight: '1', indicators: [] }] }), /wrongtype\.json: not an indicator system.*groups\[0\]\.weight: .*expected number/],
    ['an unknown level rule', 'rule.json', JSON.stringify({ id: 'x', name: 'y', levelRule: 'best', groups: [] }), /rule\.json: .*levelRule/],
    [
      'weights not summing to 1 are located',
      'weights.json',
      JSON.stringify({ id: 'x', name: 'y', levelRule: 'classic-2013', groups: [{ name: 'g', weight: 0.9, indicators: [{ id: 'a', name: 'A', unit: null, weight: 1, direction: 'qualitative', limiting: false }] }] }),
      /weights\.json: groups: .*0\.9/,
    ],
  ])('when the system file has %s, then exit 2 and a located error', async (_name, name, content, message) => {
    const { code, stdout, stderr } = await cli(['score', '--system', file(name, content), '--values', file('v.json', {}), '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it.each<[string, unknown, RegExp]>([
    ['a value for an unknown indicator', { ...scoringCases[0]!.values, extra: 1 }, /unknown indicator id\(s\) extra/],
    ['a missing value', { q_process: 'I' }, /no value for q_equipment, water/],
    ['a level string that is not I/II/III/none', { ...scoringCases[0]!.values, q_process: 'IV' }, /q_process/],
  ])('when the values file has %s, then exit 2', async (_name, values, message) => {
    const { code, stderr } = await cli(['score', '--system', systemFile, '--values', file('bad-values.json', values), '--json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('when the values file does not exist, then its path is named', async () => {
    const { code, stderr } = await cli(['score', '--system', systemFile, '--values', path.join(tmp, 'nope.json'), '--json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nope\.json: cannot read .*ENOENT/);
  });
});

describe.concurrent('cpaudit econ', () => {
  it.each(economicsCases.map((c, i) => [i + 1, c] as const))('when shared case %i is evaluated, then the JSON equals the expected object in contract key order', async (_i, c) => {
    const { code, stdout } = await cli(['econ', '--investment', String(c.investment), '--annual-benefit', String(c.annualBenefit), '--life', String(c.life), '--tax-rate', String(c.taxRate), '--discount-rate', String(c.discountRate), '--json']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(c.expected)}\n`);
  });

  it('when 2 years of 60 repay 100 at 10 %, then NPV 4.1322 and IRR 0.1307 (60x + 60x² = 100)', async () => {
    const { stdout } = await cli(['econ', '--investment', '100', '--annual-benefit', '60', '--life', '2', '--tax-rate', '0', '--discount-rate', '0.1', '--json']);
    expect(JSON.parse(stdout)).toEqual({ depreciation: 50, annualCashFlow: 60, paybackYears: 1.6667, npv: 4.1322, npvr: 0.0413, irr: 0.1307 });
  });

  it.each<[string, string[], RegExp]>([
    ['a non-number', ['--investment', '1OO'], /--investment: expected a number, got "1OO"/],
    ['a fractional life', ['--life', '2.5'], /life must be an integer/],
    ['a tax rate of 1', ['--tax-rate', '1'], /taxRate must be in \[0, 1\)/],
  ])('when given %s, then exit 2 with the option named', async (_name, patch, message) => {
    const base: Record<string, string> = { '--investment': '100', '--annual-benefit': '30', '--life': '10', '--tax-rate': '0.25', '--discount-rate': '0.1' };
    base[patch[0]!] = patch[1]!;
    const { code, stderr } = await cli(['econ', ...Object.entries(base).flat(), '--json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe.concurrent('cpaudit energy', () => {
  it.each<[string, string, string, string, number, number | null, string | null]>([
    ['10 000 kWh in 2022 → 1.229 tce (当量值 0.1229), 4.044 t (广西 0.4044)', 'electricity', '10000', '2022', 1.229, 4.044, '广西'],
    ['10 000 kWh in 2023 → Guangxi gap, 南方 0.4042 → 4.042 t', '电力', '10000', '2023', 1.229, 4.042, '南方'],
    ['10 000 kWh in 2021 → national 0.5568 → 5.568 t', 'electricity', '10000', '2021', 1.229, 5.568, '全国'],
    ['10 t diesel → 14.571 tce, 30.959 t', 'diesel', '10', '2022', 14.571, 30.959, '柴油'],
    ['10 000 m³ natural gas → 13.3 tce, 21.6219 t', 'naturalGas', '10000', '2022', 13.3, 21.6219, '天然气'],
    ['100 t raw coal → 71.43 tce, CO2 null (no factor)', 'rawCoal', '100', '2022', 71.43, null, null],
  ])('when %s', async (_name, carrier, amount, year, tce, co2t, scope) => {
    const { code, stdout } = await cli(['energy', '--carrier', carrier, '--amount', amount, '--year', year, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['tce', 'co2t', 'factors']);
    expect(out.tce).toBe(tce);
    expect(out.co2t).toBe(co2t);
    expect(out.factors.co2?.scope ?? null).toBe(scope);
    expect(out.factors.version).toMatch(/^refdata:energy_conversion_factors\.csv@[0-9a-f]{12}\+co2_emission_factors\.csv@[0-9a-f]{12}$/);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown carrier lists the known ones', ['--carrier', 'hydrogen', '--amount', '1', '--year', '2022'], /unknown energy carrier "hydrogen".*electricity \(电力, kWh\)/],
    ['electricity in a year without grid factors', ['--carrier', 'electricity', '--amount', '1', '--year', '2019'], /no grid emission factor for data year 2019; years with factors: 2021, 2022, 2023|no grid emission factor for data year 2019.*2021, 2022, 2023/],
    ['a non-number amount', ['--carrier', 'diesel', '--amount', 'ten', '--year', '2022'], /--amount: expected a number/],
  ])('when given %s, then exit 2', async (_name, args, message) => {
    const { code, stdout, stderr } = await cli(['energy', ...args, '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
