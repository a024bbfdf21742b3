import { sql } from 'drizzle-orm';
import { validatePermitNo, validateUscc, usccDivisionCode } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { openTestDatabase } from './support.ts';

describe('demonstration data (scale 240, seed 42, as in the test template)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase('pglite'));
  });
  afterAll(async () => drop());

  it('when generated, then every credit code is valid and its division part is the enterprise\'s county', async () => {
    const rows = await database.rows<{ uscc: string; division_code: string }>(sql`select uscc, division_code from enterprises`);
    expect(rows).toHaveLength(240);
    expect(rows.filter((r) => !validateUscc(r.uscc).valid)).toEqual([]);
    expect(rows.filter((r) => usccDivisionCode(r.uscc) !== r.division_code)).toEqual([]);
    expect(new Set(rows.map((r) => r.division_code.slice(0, 4))).size).toBe(14);
  });

  it('when generated, then every permit number is valid and starts with its holder\'s credit code', async () => {
    const rows = await database.rows<{ permit_no: string; uscc: string }>(
      sql`select p.permit_no, e.uscc from permits p join enterprises e on e.id = p.enterprise_id`,
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => !validatePermitNo(r.permit_no).valid || !r.permit_no.startsWith(r.uscc))).toEqual([]);
  });

  it('when generated, then each screening reason has records both over and within their limits', async () => {
    const [c] = await database.rows<Record<string, number>>(sql`
      select
        (select count(*) from exceedance_records where measured_value > limit_value)::int as exc_over,
        (select count(*) from exceedance_records where measured_value <= limit_value)::int as exc_within,
        (select count(*) from quota_records where actual_t > quota_t)::int as quota_over,
        (select count(*) from quota_records where actual_t <= quota_t)::int as quota_within,
        (select count(*) from energy_records where energy_per_unit_kgce > limit_kgce_per_unit)::int as energy_over,
        (select count(*) from energy_records where energy_per_unit_kgce <= limit_kgce_per_unit)::int as energy_within,
        (select count(*) from hazardous_records where category = 'use')::int as haz_use,
        (select count(*) from hazardous_records where category = 'discharge')::int as haz_discharge,
        (select count(*) from enterprises where last_acceptance_date is not null)::int as accepted`);
    for (const [k, v] of Object.entries(c!)) expect(v, k).toBeGreaterThan(0);
  });

  it('when generated, then power output is in MWh (GB 21258: 300 gce/kWh = 300 kgce/MWh) and every other product in t', async () => {
    const rows = await database.rows<{ product_name: string; output_unit: string; limit_kgce_per_unit: string }>(
      sql`select distinct product_name, output_unit, limit_kgce_per_unit::text from energy_records order by product_name`,
    );
    const power = rows.filter((r) => r.product_name === '火力发电（供电）');
    expect(power.length).toBeGreaterThan(0);
    expect(power.every((r) => r.output_unit === 'MWh' && Number(r.limit_kgce_per_unit) === 300)).toBe(true);
    expect(rows.filter((r) => r.product_name !== '火力发电（供电）' && r.output_unit !== 't')).toEqual([]);
  });
});
