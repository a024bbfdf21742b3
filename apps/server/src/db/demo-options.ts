/**
 * Demonstration options (issue 7 item 5): for the first four audits of the demo 2025 list, one
 * low-cost option (implemented, achieved benefits entered) and one high-cost option (feasible,
 * with its feasibility analysis), so that the performance table and the 减排成效 figures are not
 * zero. tce/CO2 are computed with the bundled factor files for data year 2023 (the latest year
 * with a grid factor; 广西 2023 is a gap, so 南方 0.4042 kgCO2/kWh). Demonstration only.
 */
import { evaluateOptionEconomics } from '@cpaudit/domain';
import { OptionBenefitsSchema, pollutantKeys, type OptionBenefits } from '@cpaudit/contracts';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { factorTableFromFiles } from './factors.ts';
import { measuresOf } from '../modules/options/options.service.ts';

const DATA_YEAR = 2023;

/** Writes the demo options inside the seeding transaction `tx`. */
export async function seedDemoOptions(tx: Db): Promise<void> {
  const factors = factorTableFromFiles();
  const audits = ((await tx.execute(sql`select id, enterprise_id, county_code, city_code, key_industry, list_year from audits order by id limit 4`)) as unknown as {
    rows: { id: number; enterprise_id: number; county_code: string; city_code: string; key_industry: string | null; list_year: number }[];
  }).rows;
  for (const [i, a] of audits.entries()) {
    const scale = i + 1;
    const options: { code: string; name: string; cost: 'low' | 'high'; direction: string; status: string; investment: number; expected: OptionBenefits; achieved: OptionBenefits | null; feasibility: boolean }[] = [
      {
        code: 'F1', name: '空压机变频改造', cost: 'low', direction: 'equipment', status: 'implemented', investment: 3 * scale,
        expected: OptionBenefitsSchema.parse({ energy: { electricity: 100000 * scale }, waterM3: 200 * scale, economicBenefitWan: 6 * scale }),
        achieved: OptionBenefitsSchema.parse({ energy: { electricity: 90000 * scale }, waterM3: 180 * scale, economicBenefitWan: 5.4 * scale }), feasibility: false,
      },
      {
        code: 'F2', name: '加强跑冒滴漏管理', cost: 'low', direction: 'management', status: 'implementing', investment: 0.5,
        expected: OptionBenefitsSchema.parse({ waterM3: 1500 * scale, reductions: { cod: 300 * scale, nh3n: 20 * scale }, economicBenefitWan: 1.2 * scale }), achieved: null, feasibility: false,
      },
      {
        code: 'Z1', name: '燃煤锅炉改天然气', cost: 'high', direction: 'materialsAndEnergy', status: 'feasible', investment: 100 * scale,
        expected: OptionBenefitsSchema.parse({ energy: { diesel: 10 * scale }, reductions: { so2: 800 * scale, nox: 500 * scale, pm: 200 * scale }, economicBenefitWan: 30 * scale }), achieved: null, feasibility: true,
      },
    ];
    for (const o of options) {
      const exp = measuresOf(o.expected, factors, DATA_YEAR, 'expected');
      const ach = o.achieved ? measuresOf(o.achieved, factors, DATA_YEAR, 'achieved') : null;
      let feasibility: string | null = null;
      if (o.feasibility) {
        const inputs = { investment: o.investment, annualBenefit: o.expected.economicBenefitWan, life: 10, taxRate: 0.25, discountRate: 0.1 };
        const e = evaluateOptionEconomics(inputs);
        const irrAbove = e.irr !== null && e.irr > inputs.discountRate;
        feasibility = JSON.stringify({ inputs, ...e, hints: { npvNonNegative: e.npv >= 0, irrAboveDiscount: irrAbove, feasible: e.npv >= 0 && irrAbove } });
      }
      const cols = (m: typeof exp | null, prefix: string) => ({ [`${prefix}tce`]: m?.tce ?? 0, [`${prefix}co2_t`]: m?.co2T ?? 0, [`${prefix}water_m3`]: m?.waterM3 ?? 0, [`${prefix}benefit_wan`]: m?.benefitWan ?? 0, ...Object.fromEntries(pollutantKeys.map((k) => [`${prefix}${k}_kg`, m?.reductions[k] ?? 0])) });
      const values = { ...cols(exp, 'exp_'), ...cols(ach, '') };
      const names = Object.keys(values);
      await tx.execute(sql`
        insert into cp_options (audit_id, enterprise_id, county_code, city_code, key_industry, list_year, data_year, code, name, cost_class, direction, investment_wan, status,
          expected, achieved, factor_version, feasibility, ${sql.raw(names.join(', '))})
        values (${a.id}, ${a.enterprise_id}, ${a.county_code}, ${a.city_code}, ${a.key_industry}, ${a.list_year}, ${DATA_YEAR}, ${o.code}, ${o.name}, ${o.cost}, ${o.direction}, ${o.investment}, ${o.status},
          ${JSON.stringify(o.expected)}::jsonb, ${o.achieved ? JSON.stringify(o.achieved) : null}::jsonb, ${factors.version}, ${feasibility}::jsonb,
          ${sql.join(names.map((n) => sql`${values[n]}`), sql`, `)})`);
    }
  }
}
