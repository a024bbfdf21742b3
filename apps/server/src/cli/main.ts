/**
 * The `cpaudit` command line (root package `bin`, so `npx cpaudit --help` works from the
 * repository root). Commands: db migrate, db seed, user create, serve, check uscc, check permit-no,
 * list export, deadlines, score, econ, energy.
 */
import { Argument, Command, Option } from 'commander';
import { validatePermitNo, validateUscc } from '@cpaudit/domain';
import { deadlinesForCli } from './deadlines.ts';
import { roles, type ImportKind, type OrgKind, type Role } from '@cpaudit/contracts';
import { loadEnv } from '../env.ts';

// Heavy modules (database engines, Fastify) load only in the commands that need them, so
// `cpaudit check …` and `--help` answer at once.
const setup = () => import('./setup.ts');

function printCheck<T extends { valid: boolean }>(results: T[], json: boolean, label: (r: T) => string): void {
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else for (const r of results) process.stdout.write(`${label(r)}\n`);
  process.exitCode = results.every((r) => r.valid) ? 0 : 1;
}

const program = new Command();
program.name('cpaudit').description('CP Audit 清洁生产审核管理信息系统 — command line').showHelpAfterError();

const db = program.command('db').description('database: migrations, reference and demonstration data');
db.command('migrate')
  .description('apply pending migrations and load the reference data (idempotent)')
  .action(async () => {
    const { openConfigured, migrateAndLoad } = await setup();
    const env = loadEnv();
    const database = await openConfigured(env);
    try {
      await migrateAndLoad(database, console.log);
    } finally {
      await database.close();
    }
  });
db.command('seed')
  .description('load data: --orgs the government organisations (production), --demo the demonstration data')
  .option('--orgs', 'create the region, city and county organisations of the division tree (idempotent)')
  .option('--demo', 'the demonstration data set: enterprises, records, organisations, one account per role')
  .option('--scale <n>', 'number of enterprises', (v) => Number.parseInt(v, 10), 3000)
  .option('--seed <s>', 'random seed (same seed, same data)', (v) => Number.parseInt(v, 10), 20260101)
  .action(async (opts: { scale: number; seed: number; orgs?: boolean; demo?: boolean }) => {
    if (!opts.orgs && !opts.demo) throw new Error('choose --orgs (government organisations) or --demo (demonstration data)');
    if (opts.orgs) {
      const { openConfigured, migrateAndLoad } = await setup();
      const { seedOfficialOrgs } = await import('../db/demo.ts');
      const database = await openConfigured(loadEnv());
      try {
        await migrateAndLoad(database, console.log);
        const n = await seedOfficialOrgs(database.db);
        console.log(`政府机构 organisations: 新建 ${n} 个 (created); 用 \`cpaudit user create\` 创建账号`);
      } finally {
        await database.close();
      }
      if (!opts.demo) return;
    }
    if (!Number.isInteger(opts.scale) || opts.scale < 1 || opts.scale > 5_000_000) throw new Error('--scale must be an integer from 1 to 5000000');
    const { openConfigured, migrateAndLoad, printAccounts } = await setup();
    const { seedDemo } = await import('../db/demo.ts');
    const { argon2Hasher } = await import('../platform/passwords.ts');
    const env = loadEnv();
    const database = await openConfigured(env);
    try {
      await migrateAndLoad(database, console.log);
      const t0 = performance.now();
      const result = await seedDemo(database.db, {
        scale: opts.scale,
        seed: opts.seed,
        hasher: argon2Hasher,
        onProgress: (done, total) => process.stderr.write(`\r企业 enterprises ${done}/${total}`),
      });
      process.stderr.write('\n');
      // The demo policy's attachment file goes into the configured document store (folder or S3).
      const { seedPortalDemoFiles } = await import('../db/portal-demo.ts');
      const { createDocumentStore } = await import('../platform/documents.ts');
      await seedPortalDemoFiles(database, createDocumentStore(env), new Date());
      const counts = result.environmental;
      console.log(`演示数据已载入 (demo data loaded): ${result.enterprises} 家企业, ${counts.exceedances} 超标记录, ${counts.quotas} 总量记录, ${counts.hazardous} 有毒有害物质记录, ${counts.energy} 能耗记录; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      printAccounts(result.accounts, console.log);
    } finally {
      await database.close();
    }
  });

program
  .command('org')
  .description('organisations')
  .command('create')
  .description('create an organisation (consulting agency, expert pool, enterprise account holder, …)')
  .addOption(new Option('--kind <kind>').choices(['regionDee', 'regionDrc', 'cityEeb', 'cityDrc', 'countyBureau', 'enterprise', 'consultingAgency', 'expert', 'public']).makeOptionMandatory())
  .requiredOption('--name <name>')
  .requiredOption('--division <code>', 'its division code (GB/T 2260), e.g. 450100')
  .option('--uscc <code>', 'for --kind enterprise: the registered enterprise it is; for --kind consultingAgency: the agency of the register (专家库与咨询机构) whose login organisation this is')
  .action(async (opts: { kind: OrgKind; name: string; division: string; uscc?: string }) => {
    const { openConfigured } = await setup();
    const { eq } = await import('drizzle-orm');
    const { consultingAgencies, divisions, enterprises, orgs } = await import('../db/schema.ts');
    const database = await openConfigured(loadEnv());
    try {
      if (opts.name.trim().length < 2) throw new Error('--name: at least 2 characters');
      const [div] = await database.db.select().from(divisions).where(eq(divisions.code, opts.division));
      if (!div) throw new Error(`unknown division code ${opts.division}`);
      let enterpriseId: number | null = null;
      if (opts.kind === 'enterprise') {
        if (!opts.uscc) throw new Error('--uscc is required for an enterprise organisation');
        const [e] = await database.db.select().from(enterprises).where(eq(enterprises.uscc, opts.uscc.trim().toUpperCase()));
        if (!e) throw new Error(`no registered enterprise with credit code ${opts.uscc}`);
        enterpriseId = e.id;
      }
      // An agency's login organisation is linked to its register entry, so that its users act on the audits it consults on.
      let agencyId: number | null = null;
      if (opts.kind === 'consultingAgency' && opts.uscc) {
        const [a] = await database.db.select().from(consultingAgencies).where(eq(consultingAgencies.uscc, opts.uscc.trim().toUpperCase()));
        if (!a) throw new Error(`no consulting agency with credit code ${opts.uscc} in the register (add it first: console 咨询机构 or POST /api/v1/agencies)`);
        if (a.orgId !== null) throw new Error(`the agency ${a.name} is already linked to organisation id ${a.orgId}`);
        agencyId = a.id;
      } else if (opts.uscc && opts.kind !== 'enterprise') {
        throw new Error('--uscc applies to --kind enterprise or consultingAgency only');
      }
      const o = await database.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(orgs)
          .values({ kind: opts.kind, name: opts.name.trim(), divisionCode: div.code, enterpriseId })
          .onConflictDoNothing()
          .returning({ id: orgs.id });
        if (row && agencyId !== null) await tx.update(consultingAgencies).set({ orgId: row.id }).where(eq(consultingAgencies.id, agencyId));
        return row;
      });
      console.log(
        o
          ? `created organisation ${opts.name} (id ${o.id}, ${opts.kind}, ${div.name})${agencyId !== null ? `, linked to agency id ${agencyId}` : ''}`
          : `organisation ${opts.name} exists already`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command('user')
  .description('accounts')
  .command('create')
  .description('create an account; the password is read from the environment variable named by --password-env')
  .requiredOption('--username <name>')
  .requiredOption('--display-name <name>')
  .addOption(new Option('--role <role>').choices([...roles]).makeOptionMandatory())
  .requiredOption('--org <name>', 'organisation name (exact)')
  .requiredOption('--password-env <VAR>', 'name of the environment variable that holds the password (keeps it out of the process list)')
  .option('--expert <id>', 'for --role expertUser: the id of the expert in the pool (GET /api/v1/experts) whose account this is')
  .option('--no-force-change', 'do not require the user to change the password at the first login (by default they must)')
  .action(async (opts: { username: string; displayName: string; role: Role; org: string; passwordEnv: string; expert?: string; forceChange: boolean }) => {
    if (opts.expert !== undefined && !/^[1-9][0-9]{0,9}$/.test(opts.expert)) throw new Error('--expert <id>: a positive integer');
    const password = process.env[opts.passwordEnv];
    if (!password) throw new Error(`Environment variable ${opts.passwordEnv} is empty.`);
    const { openConfigured } = await setup();
    const { argon2Hasher } = await import('../platform/passwords.ts');
    // The rules and messages are the console's (POST /api/v1/users): one service for both.
    const { createAccount } = await import('../modules/admin/accounts.service.ts');
    const database = await openConfigured(loadEnv());
    try {
      const expertId = opts.expert === undefined ? null : Number(opts.expert);
      const { user } = await createAccount(
        database.db,
        argon2Hasher,
        { username: opts.username, displayName: opts.displayName, role: opts.role, org: { name: opts.org }, expertId, password, forceChange: opts.forceChange },
        { at: new Date(), actorUserId: null, actorUsername: 'cpaudit user create (CLI)' },
      );
      console.log(`created user ${user.username} (id ${user.id}, ${user.role}, ${user.orgName})${expertId !== null ? `, linked to expert id ${expertId}` : ''}${user.mustChangePassword ? '; must change the password at the first login' : ''}`);
    } finally {
      await database.close();
    }
  });

program
  .command('serve')
  .description('start the HTTP server (refuses to start while migrations are pending, unless --migrate)')
  .option('--migrate', 'apply migrations and load reference data first')
  .option('--seed-demo-if-empty', 'load the demonstration data when the database has no account')
  .action(async (opts: { migrate?: boolean; seedDemoIfEmpty?: boolean }) => {
    const { startServer } = await import('./serve.ts');
    await startServer({ migrate: Boolean(opts.migrate), seedDemoIfEmpty: Boolean(opts.seedDemoIfEmpty) });
  });

program
  .command('import')
  .description('import a file (xlsx or CSV in UTF-8/GBK) into the registry; all or nothing unless --skip-invalid')
  .addArgument(new Argument('<kind>', 'what the file holds').choices(['enterprises', 'exceedances', 'quotas', 'hazardous', 'energy']))
  .argument('<file>', 'path of the .xlsx or .csv file')
  .option('--dry-run', 'validate and count, write nothing')
  .option('--skip-invalid', 'write the valid rows and report the rest')
  .option('--json', 'print {kind, file, rows, inserted, updated, unchanged, rejected, errors} on stdout')
  .action(async (kind: ImportKind, file: string, opts: { dryRun?: boolean; skipInvalid?: boolean; json?: boolean }) => {
    const { openConfigured } = await setup();
    const { importFile } = await import('../modules/imports/import-file.ts');
    const env = loadEnv();
    const database = await openConfigured(env);
    try {
      const pending = await database.pendingMigrations();
      if (pending.length) throw new Error(`database not migrated (${pending.join(', ')}): run \`npx cpaudit db migrate\` first`);
      const result = await importFile({
        database,
        kind,
        file,
        fileName: file,
        dryRun: Boolean(opts.dryRun),
        skipInvalid: Boolean(opts.skipInvalid),
        now: new Date(),
        onProgress: (n) => process.stderr.write(`\r已读取 read ${n} 行 rows`),
      });
      process.stderr.write('\n');
      const { importId: _id, warnings, ...contract } = result;
      for (const w of warnings) process.stderr.write(`提示 note: ${w}\n`);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(contract)}\n`);
      } else {
        const r = contract;
        console.log(`${r.kind} ${r.file}: ${r.rows} 行; 新增 inserted ${r.inserted}, 更新 updated ${r.updated}, 未变 unchanged ${r.unchanged}, 拒绝 rejected ${r.rejected}${opts.dryRun ? ' (试运行 dry run: 未写入 nothing written)' : ''}`);
        for (const e of r.errors.slice(0, 50)) console.log(`  第 ${e.row} 行 [${e.column}] ${JSON.stringify(e.value)}: ${e.message}`);
        if (r.errors.length > 50) console.log(`  … 另有 ${r.errors.length - 50} 条错误`);
        if (r.rejected > 0 && !opts.skipInvalid) console.log('  有错误行，未写入任何数据 (nothing written); 修正后重新导入，或使用 --skip-invalid');
      }
      process.exitCode = result.rejected > 0 || result.errors.length > 0 ? 1 : 0;
    } finally {
      await database.close();
    }
  });

program
  .command('screen')
  .description('screen enterprises for mandatory audits (清洁生产审核办法 art. 8, 12) on data year Y and store the run')
  .requiredOption('--data-year <Y>', 'data year Y (the list is for Y+1)', (v) => Number.parseInt(v, 10))
  .option('--city <code>', 'one city (division code such as 450100); default: the whole region')
  .option('--rule-set <version>', 'rule-set version (default: the latest published)')
  .option('--json', 'print the results as a JSON array sorted by credit code')
  .action(async (opts: { dataYear: number; city?: string; ruleSet?: string; json?: boolean }) => {
    if (!Number.isInteger(opts.dataYear) || opts.dataYear < 2000 || opts.dataYear > 2100) throw new Error('--data-year must be a year such as 2021');
    if (opts.city !== undefined && !/^45\d{2}00$/.test(opts.city)) throw new Error('--city must be a Guangxi city code such as 450100');
    const { openConfigured } = await setup();
    const { runScreening } = await import('../modules/screening/screening.service.ts');
    const env = loadEnv();
    const database = await openConfigured(env);
    try {
      const pending = await database.pendingMigrations();
      if (pending.length) throw new Error(`database not migrated (${pending.join(', ')}): run \`npx cpaudit db migrate\` first`);
      if (opts.city) {
        const { sql } = await import('drizzle-orm');
        const known = await database.rows(sql`select 1 from divisions where code = ${opts.city} and level = 'city'`);
        if (known.length === 0) throw new Error(`--city ${opts.city} is not a Guangxi city code (450100 … 451400)`);
      }
      const outcome = await runScreening(database, {
        dataYear: opts.dataYear,
        scopeDivisionCode: opts.city ?? '450000',
        ruleSetVersion: opts.ruleSet,
        actor: { userId: null, name: 'cpaudit screen (CLI)' },
        now: new Date(),
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(outcome.results)}\n`);
      } else {
        const c = outcome.counts;
        console.log(`筛选记录 run #${outcome.runId}: 数据年度 ${opts.dataYear}, 规则 ${outcome.ruleSetVersion}, 扫描 ${outcome.enterprisesScanned} 家有当年数据的企业`);
        console.log(`  列入 listed ${c.listed}: 强制 mandatory ${c.mandatory}, 暂不需要 notDue ${c.notDue}; 重点行业 ${c.keyIndustry}`);
        for (const [k, v] of Object.entries(c.byCriterion)) console.log(`  ${k.padEnd(30)} ${v}`);
        const d = outcome.diff;
        if (d.previousRunId) console.log(`  与上次 #${d.previousRunId} 相比: 新增 ${d.added.length}, 移出 ${d.dropped.length}, 原因变化 ${d.reasonsChanged.length}`);
      }
    } finally {
      await database.close();
    }
  });

const list = program.command('list').description('published audit lists (issue 5)');
list
  .command('export')
  .description('write the published list of year L: xlsx (附件2/附件3 汇总表), csv, or json (array of {uscc, name, cityCode, countyCode, keyIndustry, industryCode, auditType, reasons, documentNo, publishedAt} sorted by city code then credit code)')
  .requiredOption('--year <L>', 'list year L', (v) => Number.parseInt(v, 10))
  .addOption(new Option('--type <type>', 'audit type').choices(['mandatory', 'voluntary']).makeOptionMandatory())
  .addOption(new Option('--format <format>', 'file format').choices(['xlsx', 'csv', 'json']).makeOptionMandatory())
  .requiredOption('--out <file>', 'output file')
  .action(async (opts: { year: number; type: 'mandatory' | 'voluntary'; format: 'xlsx' | 'csv' | 'json'; out: string }) => {
    if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 2100) throw new Error('--year must be a year such as 2022');
    const { openConfigured } = await setup();
    const { publishedRows, toRecord } = await import('../modules/lists/lists.repository.ts');
    const { writeListCsv, writeListXlsx } = await import('../modules/lists/lists.forms.ts');
    const fs = await import('node:fs');
    const database = await openConfigured(loadEnv());
    try {
      const pending = await database.pendingMigrations();
      if (pending.length) throw new Error(`database not migrated (${pending.join(', ')}): run \`npx cpaudit db migrate\` first`);
      const rows = await publishedRows(database, { listYear: opts.year, auditType: opts.type });
      if (opts.format === 'json') fs.writeFileSync(opts.out, `${JSON.stringify(rows.map(toRecord))}\n`);
      else if (opts.format === 'csv') fs.writeFileSync(opts.out, writeListCsv(rows));
      else fs.writeFileSync(opts.out, await writeListXlsx(rows, opts.year, opts.type));
      console.log(`${opts.year} 年${opts.type === 'mandatory' ? '强制性' : '自愿性'}名单 ${rows.length} 家 → ${opts.out}`);
    } finally {
      await database.close();
    }
  });

program
  .command('deadlines')
  .description('legal deadlines of a mandatory audit (Order 38 art. 11, 12, 17; Civil Code art. 201-203; State Council holiday notices)')
  .requiredOption('--published <YYYY-MM-DD>', 'publication date of the audit list (名单公布)')
  .option('--evaluation-passed <YYYY-MM-DD>', 'date the evaluation (评估) was passed')
  .option('--json', 'print {"disclosureDue","startDue","reportDue","acceptanceApplicationDue"}')
  .action((opts: { published: string; evaluationPassed?: string; json?: boolean }) => {
    const result = deadlinesForCli(opts.published, opts.evaluationPassed ?? null);
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(`信息公开 disclosure            ${result.disclosureDue}\n`);
      process.stdout.write(`启动审核 start                 ${result.startDue}\n`);
      process.stdout.write(`提交审核报告 report            ${result.reportDue}\n`);
      process.stdout.write(`申请验收 acceptance application ${result.acceptanceApplicationDue ?? '—（评估尚未通过 evaluation not passed）'}\n`);
    }
  });

const jobs = program.command('jobs').description('scheduled jobs (also run by serve)');
jobs
  .command('overdue')
  .description('mark missed audit deadlines, notify enterprise/county/city, escalate to the region (once per Beijing day)')
  .option('--date <YYYY-MM-DD>', 'the Beijing day to run for (default: today)')
  .action(async (opts: { date?: string }) => {
    const { openConfigured } = await setup();
    const { runOverdueJob } = await import('../modules/audits/overdue.job.ts');
    const { isIsoDate } = await import('@cpaudit/domain');
    if (opts.date !== undefined && !isIsoDate(opts.date)) throw new Error('--date must be YYYY-MM-DD');
    const env = loadEnv();
    const database = await openConfigured(env);
    try {
      const r = await runOverdueJob(database, { now: new Date(), ...(opts.date ? { date: opts.date } : {}), escalationDays: env.OVERDUE_ESCALATION_DAYS });
      console.log(r.ran ? `逾期检查 overdue ${r.date}: ${r.marked} marked, ${r.escalated} escalated, ${r.notified} notified` : `逾期检查 overdue ${r.date}: already run today (nothing done)`);
    } finally {
      await database.close();
    }
  });

const reports = program.command('reports').description('yearly progress reports of the cities (年度落实情况报告)');
reports
  .command('remind')
  .description('remind the cities that have not submitted their report on year L when the due date is near (once per city and year)')
  .option('--year <L>', 'report year L (default: last year, Beijing time)', (v) => Number.parseInt(v, 10))
  .action(async (opts: { year?: number }) => {
    const { openConfigured } = await setup();
    const { sendReportReminders } = await import('../modules/reporting/annual-reports.service.ts');
    const env = loadEnv();
    const now = new Date();
    const year = opts.year ?? new Date(now.getTime() + 8 * 3600_000).getUTCFullYear() - 1;
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year must be a year such as 2025');
    const database = await openConfigured(env);
    try {
      const cities = await sendReportReminders(database, year, env.REPORT_REMINDER_DAYS, now);
      console.log(cities.length ? `已提醒 reminded ${cities.length}: ${cities.join(', ')}` : '无需提醒 nothing to remind');
    } finally {
      await database.close();
    }
  });
const documentsCmd = program.command('documents').description('the document store');
documentsCmd
  .command('sweep')
  .description('remove stored files that no document row points at, and temp files, older than an hour')
  .action(async () => {
    const { openConfigured } = await setup();
    const { createDocumentStore } = await import('../platform/documents.ts');
    const env = loadEnv();
    const database = await openConfigured(env);
    try {
      const n = await createDocumentStore(env).sweep(database.db, new Date());
      console.log(`removed ${n.objects} orphan files and ${n.temp} temp files`);
    } finally {
      await database.close();
    }
  });

const check = program.command('check').description('validate identifiers');
check
  .command('uscc')
  .description('unified social credit codes (GB 32100-2015); exit 1 when any is invalid')
  .argument('<code...>')
  .option('--json', 'print a JSON array of {input, normalized, valid, error}')
  .action((codes: string[], opts: { json?: boolean }) => {
    printCheck(codes.map(validateUscc), Boolean(opts.json), (r) => `${r.valid ? 'OK  ' : 'FAIL'} ${r.normalized}${r.error ? ` (${r.error})` : ''}`);
  });
check
  .command('permit-no')
  .description('pollutant discharge permit numbers (HJ 608-2017); exit 1 when any is invalid')
  .argument('<number...>')
  .option('--json', 'print a JSON array of {input, normalized, valid, error}')
  .action((codes: string[], opts: { json?: boolean }) => {
    printCheck(codes.map(validatePermitNo), Boolean(opts.json), (r) => `${r.valid ? 'OK  ' : 'FAIL'} ${r.normalized}${r.error ? ` (${r.error})` : ''}`);
  });

// Calculations (issue 7 Contract): no database.
const calc = () => import('./calc.ts');
program
  .command('score')
  .description('score values against a CP evaluation indicator system (regulations.md §3)')
  .requiredOption('--system <system.json>', 'the indicator system {id, name, levelRule, groups}')
  .requiredOption('--values <values.json>', 'indicator id → number, "I"/"II"/"III"/"none", or null (not applicable)')
  .option('--json', 'print {indices: {I, II, III}, level, indicators}')
  .action(async (opts: { system: string; values: string; json?: boolean }) => {
    const r = (await calc()).scoreFiles(opts.system, opts.values);
    if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      console.log(`Y_I ${r.indices.I}  Y_II ${r.indices.II}  Y_III ${r.indices.III}  等级 level ${r.level}`);
      for (const i of r.indicators) console.log(`  ${i.group} / ${i.name}: ${i.value === null ? '不适用 n/a' : i.value} → ${i.level ?? '—'} (权重 ${i.effectiveWeight}, +${i.contribution.I}/${i.contribution.II}/${i.contribution.III})`);
    }
  });
program
  .command('econ')
  .description('economic feasibility of a high-cost option: D, F, payback, NPV, NPVR, IRR (regulations.md §6)')
  .requiredOption('--investment <万元>', 'total investment', (v) => numberArg('investment', v))
  .requiredOption('--annual-benefit <万元>', 'yearly benefit P', (v) => numberArg('annual-benefit', v))
  .requiredOption('--life <years>', 'service life n (integer)', (v) => numberArg('life', v))
  .requiredOption('--tax-rate <0..1>', 'income tax rate t', (v) => numberArg('tax-rate', v))
  .requiredOption('--discount-rate <0..1>', 'discount rate i', (v) => numberArg('discount-rate', v))
  .option('--subsidy <万元>', 'grant that reduces the investment', (v) => numberArg('subsidy', v))
  .option('--json', 'print {depreciation, annualCashFlow, paybackYears, npv, npvr, irr} rounded to 4 decimals')
  .action(async (opts: { investment: number; annualBenefit: number; life: number; taxRate: number; discountRate: number; subsidy?: number; json?: boolean }) => {
    const { json, ...input } = opts;
    const r = (await calc()).econ(input);
    if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else console.log(`D ${r.depreciation} 万元/年, F ${r.annualCashFlow} 万元/年, N ${r.paybackYears ?? '—'} 年, NPV ${r.npv} 万元, NPVR ${r.npvr}, IRR ${r.irr ?? '—'}`);
  });
program
  .command('energy')
  .description('standard coal (GB/T 2589-2020) and CO2 of a yearly saving of one energy carrier; factors from the bundled refdata files')
  .requiredOption('--carrier <name>', 'electricity, rawCoal, naturalGas, diesel, steam, … or the Chinese name (电力, 原煤, …)')
  .requiredOption('--amount <n>', 'the saving in the carrier unit (kWh, t, m³, GJ)', (v) => numberArg('amount', v))
  .requiredOption('--year <Y>', 'data year (selects the grid factor)', (v) => numberArg('year', v))
  .option('--json', 'print {tce, co2t, factors}')
  .action(async (opts: { carrier: string; amount: number; year: number; json?: boolean }) => {
    const r = (await calc()).energy(opts);
    if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else console.log(`${r.tce} tce, ${r.co2t ?? '—'} t CO2 (${r.factors.energy.item} ${r.factors.energy.kgcePerUnit} kgce/${r.factors.energy.unit}; ${r.factors.co2 ? `${r.factors.co2.scope} ${r.factors.co2.dataYear} ${r.factors.co2.value} ${r.factors.co2.unit}` : r.factors.co2Note}; ${r.factors.version})`);
  });

/** Strict number parsing of an option value (commander gives the raw text). */
function numberArg(name: string, text: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) throw new Error(`--${name}: expected a number, got ${JSON.stringify(text)}`);
  return v;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`错误 error: ${(err as Error).message}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 2;
}
