/**
 * The real-input scenario (issue 9 item 1, first part): the officials' files of this folder go into a
 * fresh database through the same `cpaudit` CLI a user has, the 2021 screening runs, the cities confirm
 * their candidates and the region publishes the 2022 lists over the HTTP API (as the browser does:
 * session cookie + `x-csrf-token`); then three enterprises, a consulting agency, six experts and the
 * cities walk audits through disclosure, start, options and report, evaluation, implementation and
 * acceptance on the days of the 2022 calendar, the overdue job runs, and the dashboard and reduction
 * figures are read (audit-story.ts); last the published list and the legal deadlines are read back
 * with the CLI. Everything a person would check is printed and compared with `expected.json` (derived by
 * hand from the input files and 《清洁生产审核办法》 art. 8, 11, 12, 17: see README.md here); any
 * difference is printed as a readable diff and the exit status is 1.
 *
 * Run: `npm run example:real-input`. Database: an embedded PGlite in a temporary folder; with
 * `EXAMPLE_DATABASE_URL` (or `DATABASE_URL`) set to a PostgreSQL server, a new database
 * `cpaudit_example_<random>` is created on it and dropped at the end.
 * Options: `--keep` keeps the temporary folder (and the PostgreSQL database) for a look afterwards;
 * `--expected <file>` compares with another file instead of this folder's expected.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { diff } from './diff.ts';
import { AGENCY, EXPERTS, auditStory, type StoryOutcome } from './audit-story.ts';
import { Browser } from './http.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = path.join(root, 'bin/cpaudit.mjs');
const expectedArg = process.argv.indexOf('--expected');
const expectedFile = expectedArg > 0 && process.argv[expectedArg + 1] ? path.resolve(process.argv[expectedArg + 1]!) : path.join(here, 'expected.json');
const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as Expected;

/** The figures the scenario checks; `expected.json` has the same shape (plus `_comment` keys). */
interface Outcome extends StoryOutcome {
  imports: { kind: string; file: string; rows: number; inserted: number; updated: number; unchanged: number; rejected: number }[];
  screening: { uscc: string; name: string; divisionCode: string; keyIndustry: string | null; recommendation: string; nextDueYear: number | null; reasons: { criterion: string; evidence: string[] }[] }[];
  cityLists: { cityCode: string; cityName: string; mandatory: number; voluntary: number; needsDrc: boolean; status: string }[];
  publication: { documentNo: string; publishedOn: string; lists: number; mandatory: number; voluntary: number };
  publishedMandatory: ListRecord[];
  publishedVoluntary: ListRecord[];
  deadlines: { disclosureDue: string; startDue: string; reportDue: string; acceptanceApplicationDue: string | null };
  /** The deadlines once the evaluation of 南宁's audit was passed (2022-11-18). */
  deadlinesAfterEvaluation: { disclosureDue: string; startDue: string; reportDue: string; acceptanceApplicationDue: string | null };
}
type Expected = Outcome & Record<string, unknown>;
interface ListRecord {
  uscc: string;
  name: string;
  cityCode: string;
  countyCode: string;
  keyIndustry: string | null;
  industryCode: string | null;
  auditType: string;
  reasons: string[];
  documentNo: string;
  publishedAt: string;
}

/** The accounts the scenario creates: the region (DEE, DRC) and the environment bureaus of six cities. */
const PASSWORD = `Ex-${crypto.randomBytes(9).toString('base64url')}9a`;
const ACCOUNTS = [
  { username: 'ex.dee', displayName: '自治区生态环境厅 示例处员', role: 'regionDeeOfficer', org: '广西壮族自治区生态环境厅' },
  { username: 'ex.drc', displayName: '自治区发展改革委 示例处员', role: 'regionDrcOfficer', org: '广西壮族自治区发展和改革委员会' },
  ...[
    ['450100', '南宁市'],
    ['450200', '柳州市'],
    ['450300', '桂林市'],
    ['450400', '梧州市'],
    ['450600', '防城港市'],
    ['450700', '钦州市'],
  ].map(([code, name]) => ({ username: `ex.eeb${code}`, displayName: `${name}生态环境局 示例科员`, role: 'cityEebOfficer', org: `${name}生态环境局`, city: code })),
] as const;

const DATA_YEAR = 2021;
const LIST_YEAR = 2022;
/** A fictional document number and a publication date (the real 2022 Guangxi notice is not in the repository). */
const DOCUMENT_NO = '桂环函〔2022〕999号';
const PUBLISHED_ON = '2022-03-31';

const keep = process.argv.includes('--keep');
const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (title: string) => say(`\n== ${title}`);

/** Runs `cpaudit <args>` with the scenario's database environment; throws with its stderr on a non-zero exit. */
async function cpaudit(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const line of err.split('\n')) if (line.startsWith('提示')) say(`   ${line}`);
      if (code === 0) resolve(out);
      else reject(new Error(`cpaudit ${args.join(' ')} → exit ${code}\n${err}${out}`));
    });
  });
}

/** Starts `cpaudit serve` on a free port (PORT=0); resolves to its base URL once it prints the console address. */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, 'serve'], { cwd: root, env: { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cpaudit serve did not start within 120 s\n${out}${err}`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /控制台 console: http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cpaudit serve exited (${code})\n${out}${err}`));
    });
  });
  return { base, child };
}

/** Stops the server with SIGTERM (it drains and closes the database) and waits for its exit. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One line per evidence item, in words a person compares with the input files. */
function evidenceLine(e: Record<string, unknown>): string {
  switch (e.kind) {
    case 'exceedance':
      return `${e.pollutant} ${e.outletCode} ${e.monitoredOn}: ${e.measuredValue} > ${e.limitValue} ${e.unit}`;
    case 'quota':
      return `${e.pollutant} ${e.year}: ${e.actualT} t > ${e.quotaT} t`;
    case 'hazardous':
      return `${e.category} ${e.substanceName} (CAS ${e.casNo}) ${e.quantity} ${e.unit}`;
    case 'energy':
      return `${e.productName} ${e.year}: ${e.energyPerUnitKgce} > ${e.limitKgcePerUnit} ${e.unit} (${e.limitStandard})`;
    default:
      return JSON.stringify(e);
  }
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-real-input-'));
  const serverUrl = process.env.EXAMPLE_DATABASE_URL || process.env.DATABASE_URL || '';
  const dbName = `cpaudit_example_${crypto.randomBytes(4).toString('hex')}`;
  let databaseUrl = '';
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_NO_WARNINGS: '1',
    DATABASE_URL: databaseUrl,
    PGLITE_DIR: path.join(tmp, 'pglite'),
    DOCUMENTS_DIR: path.join(tmp, 'documents'),
    EXAMPLE_PASSWORD: PASSWORD,
  };
  if (!databaseUrl) delete env.DATABASE_URL;
  say(`真实输入示例 real-input example — 数据库 database: ${databaseUrl ? `PostgreSQL ${dbName}` : `PGlite ${env.PGLITE_DIR}`}`);
  let server: ChildProcess | null = null;
  try {
    const got = await scenario(env, (child) => (server = child));
    step(`与预期比较 comparison with ${path.relative(root, expectedFile).startsWith('..') ? expectedFile : path.relative(root, expectedFile)}`);
    const differences = diff(expected, got);
    if (differences.length > 0) {
      say(`不一致 ${differences.length} 处 MISMATCH (${differences.length}):`);
      for (const d of differences) say(`  - ${d}`);
      return 1;
    }
    say(`全部一致 all figures match (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    if (server) await stopServer(server);
    if (keep) say(`保留 kept: ${tmp}${databaseUrl ? `, database ${dbName}` : ''}`);
    else {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (serverUrl) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    }
  }
}

async function scenario(env: NodeJS.ProcessEnv, onServer: (child: ChildProcess) => void): Promise<Outcome> {
  // 1. The database, the government organisations and the accounts, through the CLI.
  step('1. cpaudit db migrate / db seed --orgs / user create');
  say(`   ${(await cpaudit(env, ['db', 'migrate'])).trim().split('\n').join('\n   ')}`);
  say(`   ${(await cpaudit(env, ['db', 'seed', '--orgs'])).trim().split('\n').pop()}`);
  for (const a of ACCOUNTS) {
    say(`   ${(await cpaudit(env, ['user', 'create', '--username', a.username, '--display-name', a.displayName, '--role', a.role, '--org', a.org, '--password-env', 'EXAMPLE_PASSWORD', '--no-force-change'])).trim()}`);
  }

  // 2. The officials' files, through `cpaudit import` (the GBK CSV repeats the xlsx: every row unchanged).
  step('2. cpaudit import <kind> <file>');
  const files = [
    ['enterprises', 'enterprises.xlsx'],
    ['enterprises', 'enterprises-gbk.csv'],
    ['exceedances', 'exceedances.csv'],
    ['quotas', 'quotas.csv'],
    ['hazardous', 'hazardous.csv'],
    ['energy', 'energy.csv'],
  ] as const;
  const imports: Outcome['imports'] = [];
  for (const [kind, file] of files) {
    const r = JSON.parse(await cpaudit(env, ['import', kind, path.join(here, file), '--json'])) as Outcome['imports'][number] & { errors: unknown[] };
    imports.push({ kind: r.kind, file, rows: r.rows, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected });
    say(`   ${kind.padEnd(12)} ${file.padEnd(20)} 行 rows ${r.rows}, 新增 inserted ${r.inserted}, 更新 updated ${r.updated}, 未变 unchanged ${r.unchanged}, 拒绝 rejected ${r.rejected}`);
  }

  // 3. Screening of data year 2021 (Order 38 art. 8; art. 12 for the five-year interval of 双有).
  step(`3. cpaudit screen --data-year ${DATA_YEAR} --json`);
  const results = JSON.parse(await cpaudit(env, ['screen', '--data-year', String(DATA_YEAR), '--json'])) as {
    uscc: string;
    name: string;
    divisionCode: string;
    keyIndustry: string | null;
    recommendation: string;
    nextDueYear: number | null;
    reasons: { criterion: string; basis: string; evidence: Record<string, unknown>[] }[];
  }[];
  const screening: Outcome['screening'] = results.map((r) => ({
    uscc: r.uscc,
    name: r.name,
    divisionCode: r.divisionCode,
    keyIndustry: r.keyIndustry,
    recommendation: r.recommendation,
    nextDueYear: r.nextDueYear,
    reasons: [...r.reasons].sort((a, b) => a.criterion.localeCompare(b.criterion)).map((x) => ({ criterion: x.criterion, evidence: x.evidence.map(evidenceLine) })),
  }));
  for (const r of results) {
    say(`   ${r.uscc} ${r.name} (${r.divisionCode}, ${r.keyIndustry ?? '非重点行业'}): ${r.recommendation}${r.nextDueYear ? ` — 下次应审 next due ${r.nextDueYear}` : ''}`);
    for (const x of r.reasons) {
      say(`      ${x.criterion} — ${x.basis}`);
      for (const e of x.evidence) say(`         ${evidenceLine(e)}${e.listName ? ` — ${e.listName}` : ''}`);
    }
  }

  // 4. The cities confirm their candidates and draft, submit; the region approves and publishes (HTTP API).
  step('4. cpaudit serve + HTTP API: 确认候选 confirm, 编制/报送 draft/submit, 审核 approve, 发布 publish');
  const { base, child } = await startServer(env);
  onServer(child);
  say(`   server ${base}`);
  const browsers = new Map<string, Browser>();
  for (const a of ACCOUNTS) {
    const b = new Browser(base, a.username);
    await b.login(PASSWORD);
    browsers.set(a.username, b);
  }
  const listIds = new Map<string, number>();
  for (const a of ACCOUNTS) {
    if (!('city' in a)) continue;
    const b = browsers.get(a.username)!;
    const [run] = await b.call<{ id: number }[]>('GET', `/api/v1/screening/runs?dataYear=${DATA_YEAR}`);
    const page = await b.call<{ data: { enterpriseId: number; uscc: string; name: string; recommendation: string }[] }>('GET', `/api/v1/screening/runs/${run!.id}/results?current=1&pageSize=100`);
    for (const c of page.data) {
      // A 'notDue' candidate (audited less than five years ago, art. 12) is left as it is; 'mandatory' is confirmed.
      if (c.recommendation !== 'mandatory') continue;
      await b.call('POST', '/api/v1/screening/reviews', { dataYear: DATA_YEAR, enterpriseId: c.enterpriseId, decision: 'confirm' });
      say(`   ${a.username}: 确认 confirm ${c.uscc} ${c.name}`);
    }
    if (a.city === '450200') {
      // 柳州: the paper mill's COD equals its limit (not an exceedance); the city adds it as voluntary (art. 7).
      const found = await b.call<{ data: { id: number; uscc: string; name: string }[] }>('GET', `/api/v1/enterprises?current=1&pageSize=10&q=91450203720368815A`);
      const e = found.data[0]!;
      await b.call('POST', '/api/v1/screening/reviews', { dataYear: DATA_YEAR, enterpriseId: e.id, decision: 'addVoluntary' });
      say(`   ${a.username}: 自愿性 addVoluntary ${e.uscc} ${e.name}`);
    }
    const draft = await b.call<{ id: number; version: number }>('POST', '/api/v1/lists', { listYear: LIST_YEAR });
    await b.call('POST', `/api/v1/lists/${draft.id}/submit`, { version: draft.version });
    listIds.set(a.city, draft.id);
  }
  const dee = browsers.get('ex.dee')!;
  const drc = browsers.get('ex.drc')!;
  const cityLists: Outcome['cityLists'] = [];
  for (const [city, id] of listIds) {
    const before = await dee.call<{ version: number }>('GET', `/api/v1/lists/${id}`);
    const list = await dee.call<{ version: number; needsDrc: boolean }>('POST', `/api/v1/lists/${id}/approve`, { version: before.version });
    if (list.needsDrc) {
      // 高耗能 entries need the energy-saving department too (Order 38 art. 9–10).
      await drc.call('POST', `/api/v1/lists/${id}/approve`, { version: list.version });
      say(`   ${city}: 节能主管部门 DRC approved as well (高耗能)`);
    }
    const s = await dee.call<{ cityCode: string; cityName: string; mandatoryCount: number; voluntaryCount: number; needsDrc: boolean; status: string }>('GET', `/api/v1/lists/${id}`);
    cityLists.push({ cityCode: s.cityCode, cityName: s.cityName, mandatory: s.mandatoryCount, voluntary: s.voluntaryCount, needsDrc: s.needsDrc, status: s.status });
  }
  const pub = await dee.call<Outcome['publication']>('POST', '/api/v1/lists/publish', { listYear: LIST_YEAR, documentNo: DOCUMENT_NO, publishedOn: PUBLISHED_ON });
  const publication = { documentNo: pub.documentNo, publishedOn: pub.publishedOn, lists: pub.lists, mandatory: pub.mandatory, voluntary: pub.voluntary };
  say(`   名单数 per city (before publication):`);
  for (const l of cityLists) say(`      ${l.cityCode} ${l.cityName.padEnd(5, '　')} 强制 mandatory ${l.mandatory}, 自愿 voluntary ${l.voluntary}${l.needsDrc ? ', 需发展改革委审核 needs DRC' : ''} — ${l.status}`);
  say(`   发布 published: ${publication.documentNo} ${publication.publishedOn}: ${publication.lists} 个设区市名单, 强制 ${publication.mandatory}, 自愿 ${publication.voluntary}`);

  // The region adds a consulting agency and six experts to its register (console 咨询机构 / 专家库).
  const agency = await dee.call<{ id: number }>('POST', '/api/v1/agencies', AGENCY);
  say(`   ex.dee: 咨询机构 agency ${AGENCY.name} ${AGENCY.uscc} (id ${agency.id})`);
  const experts: { id: number; name: string }[] = [];
  for (const x of EXPERTS) {
    const r = await dee.call<{ id: number }>('POST', '/api/v1/experts', { ...x, specialities: [...x.specialities], employerUscc: null });
    experts.push({ id: r.id, name: x.name });
  }
  say(`   ex.dee: 专家库 experts ${experts.map((x) => `${x.name} (id ${x.id})`).join(', ')}`);
  await stopServer(child);

  // Steps a–f: accounts, disclosure, start, options and report, evaluation, implementation,
  // acceptance, the overdue job, the dashboard (audit-story.ts; dates of 2022–2023).
  const story = await auditStory({ env, password: PASSWORD, cpaudit, say, step, agency: { id: agency.id, name: AGENCY.name, uscc: AGENCY.uscc }, experts });

  // 5. The published list and the deadlines, through the CLI.
  step(`g. cpaudit list export --year ${LIST_YEAR} --format json / cpaudit deadlines --published ${PUBLISHED_ON}`);
  const tmpOut = path.join(env.PGLITE_DIR!, '..');
  const exportList = async (type: 'mandatory' | 'voluntary') => {
    const out = path.join(tmpOut, `${type}.json`);
    await cpaudit(env, ['list', 'export', '--year', String(LIST_YEAR), '--type', type, '--format', 'json', '--out', out]);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as ListRecord[];
  };
  const publishedMandatory = await exportList('mandatory');
  const publishedVoluntary = await exportList('voluntary');
  for (const r of [...publishedMandatory, ...publishedVoluntary]) {
    say(`   ${r.auditType.padEnd(9)} ${r.cityCode} ${r.countyCode} ${r.uscc} ${r.name} ${r.industryCode ?? ''} ${r.keyIndustry ?? '-'} [${r.reasons.join(', ')}] ${r.documentNo} ${r.publishedAt}`);
  }
  const deadlines = JSON.parse(await cpaudit(env, ['deadlines', '--published', PUBLISHED_ON, '--json'])) as Outcome['deadlines'];
  say(`   信息公开 disclosure ${deadlines.disclosureDue} (art. 11), 启动审核 start ${deadlines.startDue} (art. 12), 审核报告 report ${deadlines.reportDue} (art. 17)`);
  const deadlinesAfterEvaluation = JSON.parse(await cpaudit(env, ['deadlines', '--published', PUBLISHED_ON, '--evaluation-passed', '2022-11-18', '--json'])) as Outcome['deadlinesAfterEvaluation'];
  say(`   评估通过 2022-11-18 后申请验收 acceptance application ${deadlinesAfterEvaluation.acceptanceApplicationDue} (cpaudit deadlines --evaluation-passed 2022-11-18)`);

  return { imports, screening, cityLists, publication, publishedMandatory, publishedVoluntary, deadlines, deadlinesAfterEvaluation, ...story };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`示例失败 example failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
