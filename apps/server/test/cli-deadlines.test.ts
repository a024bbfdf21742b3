/**
 * The CLI contract `npx cpaudit deadlines --published <YYYY-MM-DD> [--evaluation-passed <YYYY-MM-DD>] --json`
 * prints `{"disclosureDue","startDue","reportDue","acceptanceApplicationDue"|null}`; the same dates
 * under TZ=UTC, Asia/Shanghai and America/New_York (the rules use calendar dates only).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import deadlineCases from '../../../packages/domain/test/fixtures/deadlines.json' with { type: 'json' };

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/cpaudit.mjs', import.meta.url));

async function cli(args: string[], tz: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, TZ: tz, NODE_NO_WARNINGS: '1' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York'];

describe('cpaudit deadlines --json', () => {
  // The three shared cases plus hand-worked ones: a leap day, a 调休 Saturday, 春节 2025.
  const cases: { published: string; evaluationPassed: string | null; expected: unknown }[] = [
    ...deadlineCases,
    {
      published: '2024-01-31',
      evaluationPassed: '2024-02-29',
      expected: { disclosureDue: '2024-02-29', startDue: '2024-04-01', reportDue: '2025-02-05', acceptanceApplicationDue: '2025-02-28' },
    },
    {
      published: '2023-09-01',
      evaluationPassed: null,
      expected: { disclosureDue: '2023-10-07', startDue: '2023-11-01', reportDue: '2024-09-02', acceptanceApplicationDue: null },
    },
  ];

  it.each(ZONES)('when TZ=%s, then every case prints the expected JSON byte for byte', async (tz) => {
    for (const c of cases) {
      const args = ['deadlines', '--published', c.published, ...(c.evaluationPassed ? ['--evaluation-passed', c.evaluationPassed] : []), '--json'];
      const { code, stdout } = await cli(args, tz);
      expect(code).toBe(0);
      expect(stdout).toBe(`${JSON.stringify(c.expected)}\n`);
    }
  });

  it.each([
    ['when the date is not real (2021-02-29), then exit 2 and the option is named', ['--published', '2021-02-29'], '--published "2021-02-29" is not a date'],
    ['when the date is written 2021/09/01, then exit 2', ['--published', '2021/09/01'], 'is not a date YYYY-MM-DD'],
    ['when the evaluation date is bad, then it is named', ['--published', '2021-09-01', '--evaluation-passed', '2021-13-01'], '--evaluation-passed "2021-13-01" is not a date'],
    ['when the evaluation precedes publication, then it says so', ['--published', '2021-09-01', '--evaluation-passed', '2021-08-31'], 'is before --published'],
    ['when published in 2019 (before the calendar), then coverage 2020–2026 is named', ['--published', '2019-06-03'], 'outside the holiday calendar 2020–2026'],
    ['when the report deadline falls in 2027 (no notice yet), then it says so', ['--published', '2026-03-02'], 'a deadline falls after 2026'],
    ['when --published is missing, then commander names it', [], "required option '--published"],
  ])('%s', async (_name, args, message) => {
    const { code, stdout, stderr } = await cli(['deadlines', ...args, '--json'], 'UTC');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});

describe('domain date helpers in a child process under each TZ', () => {
  const probe = fileURLToPath(new URL('./fixtures/tz-probe.ts', import.meta.url));
  it.each(ZONES)('when TZ=%s, then 16:00Z on 2021-10-08 is 2021-10-09 in Beijing and disclosure is 1 day overdue', async (tz) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], { env: { ...process.env, TZ: tz, NODE_NO_WARNINGS: '1' } });
    expect(JSON.parse(stdout)).toEqual({
      endOfDueDay: '2021-10-08',
      afterDueDay: '2021-10-09',
      overdue: [{ step: 'disclosure', due: '2021-10-08', daysOverdue: 1 }],
    });
  });
});
