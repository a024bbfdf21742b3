/**
 * The CLI contract that scripts outside the repository rely on:
 * `npx cpaudit check uscc|permit-no <code>... --json` prints a JSON array of
 * `{"input","normalized","valid","error"}` in input order; exit 0 when all are valid, else 1.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import usccCases from '../../../packages/domain/test/fixtures/uscc.json' with { type: 'json' };
import permitCases from '../../../packages/domain/test/fixtures/permit-no.json' with { type: 'json' };

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/cpaudit.mjs', import.meta.url));

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args], { env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('cpaudit check', () => {
  it('when every case of uscc.json is checked at once, then the JSON equals the expected array byte for byte and exit is 1 (some are invalid)', async () => {
    const { code, stdout } = await cli(['check', 'uscc', ...usccCases.map((c) => c.input), '--json']);
    expect(stdout).toBe(`${JSON.stringify(usccCases)}\n`);
    expect(code).toBe(1);
  });

  it('when only valid codes are given, then exit 0', async () => {
    const valid = usccCases.filter((c) => c.valid).map((c) => c.input);
    const { code, stdout } = await cli(['check', 'uscc', ...valid, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(valid.length);
  });

  it('when the permit-no cases are checked, then the JSON equals permit-no.json', async () => {
    const { code, stdout } = await cli(['check', 'permit-no', ...permitCases.map((c) => c.input), '--json']);
    expect(JSON.parse(stdout)).toEqual(permitCases);
    expect(stdout).toBe(`${JSON.stringify(permitCases)}\n`);
    expect(code).toBe(permitCases.every((c) => c.valid) ? 0 : 1);
  });

  it('when a full-width, lower-case code with spaces is given, then it is normalised and checked', async () => {
    const { code, stdout } = await cli(['check', 'uscc', ' ９１４５１２００７９１３１８１２９ｙ ', '--json']);
    expect(JSON.parse(stdout)).toEqual([{ input: ' ９１４５１２００７９１３１８１２９ｙ ', normalized: '91451200791318129Y', valid: true, error: null }]);
    expect(code).toBe(0);
  });
});
