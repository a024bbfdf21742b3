/**
 * dashboard (issue 8 "Benchmark"): on PostgreSQL, seedDemo with BENCH_DASHBOARD_SCALE (100,000)
 * enterprises plus synthetic audits — for list years 2023–2025, every 10th operating enterprise of
 * the year's stripe as a mandatory audit and every 40th as a voluntary one, states spread over the
 * workflow (≈ 33,000 audits) — then, in the same run, interleaved, median of BENCH_DASHBOARD_RUNS (5):
 * each dashboard endpoint through `app.inject` as the logged-in region user (gx_dee), and the plain
 * aggregate SQL behind it (the grouped count of `auditGroupsSql`, sent as text). Goal: ratio ≤ 2.
 *
 * Then BENCH_DASHBOARD_OPTIONS (1,000,000) cp_options rows (≈ 28 per audit, one INSERT … SELECT over
 * generate_series) and the reductions figures the dashboard shows (`/api/v1/stats/reductions`, by
 * city and by key industry, from the options register) against their plain grouped SUM.
 *
 * Environment:
 *   BENCH_DATABASE_URL      server (default postgres://postgres@127.0.0.1:5432/postgres); a database
 *                           cpaudit_bench_dash_<pid> is created and dropped
 *   BENCH_DASHBOARD_SCALE   enterprises (default 100000)
 *   BENCH_DASHBOARD_RUNS    samples (default 5)
 *   BENCH_DASHBOARD_OPTIONS option rows (default 1000000)
 */
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/db/demo.ts';
import { loadRefdata } from '../apps/server/src/db/refdata.ts';
import { parseEnv } from '../apps/server/src/env.ts';
import { systemClock } from '../apps/server/src/platform/clock.ts';
import { argon2Hasher } from '../apps/server/src/platform/passwords.ts';
import { createDatabase, dropDatabase, log, median, round, time } from './lib.ts';

const STATES = ['listed', 'disclosed', 'started', 'reportSubmitted', 'evaluation', 'evaluationPassed', 'implementing', 'acceptanceApplied', 'accepted', 'accepted', 'rolledOver'];

/**
 * The aggregate behind the summary, as the endpoint sends it for a region user (scope `45%`):
 * the text of `auditGroupsSql` (dashboard.service.ts), including its `disclosed_late` column
 * (until 2026-11 this copy lacked it and grouped by five columns, not the endpoint's six).
 */
const plainSql = (year: number, keyIndustry: string | null) =>
  sql`select a.county_code, a.audit_type, a.state, a.published_at::text as published_at, a.key_industry,
      coalesce(a.disclosed_on > a.disclosure_due, false) as disclosed_late, count(*)::int as n
    from audits a where a.list_year = ${year} and a.county_code like '45%' ${keyIndustry ? sql`and a.key_industry = ${keyIndustry}` : sql``}
    group by 1, 2, 3, 4, 5, 6`;

export async function dashboardBench(): Promise<Record<string, unknown>> {
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const scale = Number(process.env.BENCH_DASHBOARD_SCALE ?? 100_000);
  const runs = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5);
  const name = `cpaudit_bench_dash_${process.pid}`;
  const url = await createDatabase(adminUrl, name);
  const d = await openDatabase({ kind: 'postgres', url, poolMax: 10 });
  try {
    await d.migrate();
    await loadRefdata(d.db);
    log(`dashboard: seeding ${scale} demo enterprises`);
    const seedS = await time(() => seedDemo(d.db, { scale, hasher: argon2Hasher }));
    const states = sql.raw(`array[${STATES.map((s) => `'${s}'`).join(',')}]`);
    await d.rows(sql`
      insert into audits (enterprise_id, list_year, audit_type, state, published_at, document_no, county_code, city_code, key_industry, disclosure_due, start_due, report_due)
      select e.id, y, t, (${states})[1 + (e.id * 7 + y) % ${STATES.length}],
        make_date(y, 3, 10), '桂环函〔' || y || '〕12号', e.division_code, substr(e.division_code, 1, 4) || '00', e.key_industry,
        make_date(y, 4, 10), make_date(y, 5, 12), make_date(y + 1, 3, 10)
      from enterprises e
      cross join generate_series(2023, 2025) as y
      cross join (values ('mandatory'), ('voluntary')) as v(t)
      where e.status = 'operating' and ((t = 'mandatory' and (e.id + y) % 10 = 0) or (t = 'voluntary' and (e.id + y) % 40 = 1))
      on conflict do nothing`);
    const optionRows = Number(process.env.BENCH_DASHBOARD_OPTIONS ?? 1_000_000);
    // Options per audit from the audits actually seeded (at a reduced BENCH_DASHBOARD_SCALE there are
    // fewer than 35,000); codes 'B…' so they do not collide with the demo audits' own options.
    const [{ n: auditCount }] = (await d.rows<{ n: number }>(sql`select count(*)::int as n from audits`)) as [{ n: number }];
    const optionsS = await time(() =>
      d.rows(sql`
      insert into cp_options (audit_id, enterprise_id, county_code, city_code, key_industry, list_year, data_year, code, name, cost_class, direction,
        investment_wan, status, tce, co2_t, water_m3, cod_kg, nh3n_kg, so2_kg, nox_kg, vocs_kg, pb_kg, factor_version)
      select a.id, a.enterprise_id, a.county_code, a.city_code, a.key_industry, a.list_year, a.list_year - 1, 'B' || g, '方案' || g,
        case when g % 5 = 0 then 'high' else 'low' end, 'processTechnology',
        (g % 7) * 3.5, case when g % 3 = 0 then 'implemented' else 'feasible' end,
        g * 0.1, g * 0.26, g * 10, g, g * 0.1, g * 0.5, g * 0.4, g * 0.2, g * 0.001, 'bench'
      from audits a cross join generate_series(1, ${Math.ceil(optionRows / Math.max(1, auditCount)) + 1}) g
      limit ${optionRows}
      on conflict do nothing`),
    );
    await d.rows(sql`analyze`);
    const [counts] = await d.rows<{ enterprises: number; audits: number; audits2025: number; options: number }>(sql`
      select (select count(*)::int from enterprises) as enterprises, (select count(*)::int from audits) as audits,
        (select count(*)::int from audits where list_year = 2025) as "audits2025", (select count(*)::int from cp_options) as options`);
    log(`dashboard: options inserted in ${round(optionsS, 1)} s`);
    log(`dashboard: ${JSON.stringify(counts)} seeded in ${round(seedS, 1)} s`);

    const env = parseEnv({ WEB_DIST_DIR: '/nonexistent', LOGIN_RATE_PER_MINUTE: '10000' });
    const app = await buildApp({ env, database: d, clock: systemClock, hasher: argon2Hasher });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gx_dee', password: DEMO_PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode}`);
      const setCookie = login.headers['set-cookie'];
      const cookie = (Array.isArray(setCookie) ? setCookie[0]! : String(setCookie)).split(';')[0]!;
      const [top] = await d.rows<{ k: string }>(sql`select key_industry as k from audits where key_industry is not null group by 1 order by count(*) desc limit 1`);
      const reductionsSql = (col: string) =>
        sql`select ${sql.raw(col)} as k, count(*)::int as n, sum(investment_wan) as inv, sum(tce), sum(co2_t), sum(water_m3), sum(cod_kg), sum(nh3n_kg), sum(so2_kg), sum(nox_kg), sum(vocs_kg),
          sum(pb_kg + hg_kg + cd_kg + cr_kg + as_kg) from cp_options o where o.status <> 'rejected' and o.county_code like '45%' and o.list_year = 2025 group by 1`;
      const cases: { name: string; url: string; year: number; key: string | null; plain?: ReturnType<typeof sql>; extra?: ReturnType<typeof sql> }[] = [
        { name: 'reductionsByCity', url: '/api/v1/stats/reductions?year=2025&groupBy=city', year: 2025, key: null, plain: reductionsSql('o.city_code') },
        { name: 'reductionsByIndustry', url: '/api/v1/stats/reductions?year=2025&groupBy=industry', year: 2025, key: null, plain: reductionsSql('o.key_industry') },
        { name: 'summary', url: '/api/v1/dashboard/summary?listYear=2025', year: 2025, key: null },
        { name: 'summaryKeyIndustry', url: `/api/v1/dashboard/summary?listYear=2025&keyIndustry=${top!.k}`, year: 2025, key: top!.k },
        // The workbook holds the summary and the page's reductions table (by city): its baseline is both plain queries.
        { name: 'summaryXlsx', url: '/api/v1/dashboard/summary.xlsx?listYear=2025', year: 2025, key: null, extra: reductionsSql('o.city_code') },
      ];
      const out: Record<string, unknown> = {};
      for (const c of cases) {
        const endpoint: number[] = [];
        const plain: number[] = [];
        // One warm-up of each.
        await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
        const plainQuery = c.plain ?? plainSql(c.year, c.key);
        const runPlain = async () => {
          await d.rows(plainQuery);
          if (c.extra) await d.rows(c.extra);
        };
        await runPlain();
        for (let i = 0; i < runs; i++) {
          plain.push(await time(runPlain));
          endpoint.push(
            await time(async () => {
              const res = await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
              if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
            }),
          );
        }
        const e = median(endpoint);
        const p = median(plain);
        out[c.name] = { url: c.url, endpointMs: round(e * 1000, 1), plainSqlMs: round(p * 1000, 1), ratio: round(e / p, 2), samplesMs: { endpoint: endpoint.map((x) => round(x * 1000, 1)), plain: plain.map((x) => round(x * 1000, 1)) } };
        log(`dashboard: ${c.name}: endpoint ${round(e * 1000, 1)} ms, plain SQL ${round(p * 1000, 1)} ms`);
      }
      return {
        dashboard: {
          goal: 'endpoint / plain aggregate SQL ≤ 2',
          rows: counts,
          seedSeconds: round(seedS, 1),
          optionsInsertSeconds: round(optionsS, 1),
          ...out,
        },
      };
    } finally {
      await app.close();
    }
  } finally {
    await d.close();
    await dropDatabase(adminUrl, name);
  }
}
