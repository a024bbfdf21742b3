/**
 * Starts the server: opens the configured database, checks (or applies) migrations, optionally
 * loads the demonstration data, listens, and drains on SIGTERM/SIGINT.
 */
import { buildApp } from '../app.ts';
import { loadEnv } from '../env.ts';
import { isEmptyDatabase, seedDemo } from '../db/demo.ts';
import { systemClock } from '../platform/clock.ts';
import { argon2Hasher } from '../platform/passwords.ts';
import { migrateAndLoad, openConfigured, printAccounts } from './setup.ts';

export async function startServer(opts: { migrate: boolean; seedDemoIfEmpty: boolean }): Promise<void> {
  const t0 = performance.now();
  const env = loadEnv();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const database = await openConfigured(env);
  log(`数据库 database: ${database.kind === 'pglite' ? `PGlite ${env.PGLITE_DIR}` : 'PostgreSQL'}`);
  if (opts.migrate) {
    await migrateAndLoad(database, log);
  } else {
    const pending = await database.pendingMigrations();
    if (pending.length > 0) {
      process.stderr.write(
        `拒绝启动：有 ${pending.length} 个数据库迁移未执行 (${pending.join(', ')})。\nRefusing to start: run \`npx cpaudit db migrate\` first (or start with \`npm start\`, which migrates).\n`,
      );
      await database.close();
      process.exit(3);
    }
  }
  if (opts.seedDemoIfEmpty && (await isEmptyDatabase(database.db))) {
    log('数据库为空，正在载入演示数据 (empty database: loading demonstration data)…');
    const result = await seedDemo(database.db, { hasher: argon2Hasher });
    // The demo policy's attachment file goes into the configured document store (folder or S3).
    const { seedPortalDemoFiles } = await import('../db/portal-demo.ts');
    const { createDocumentStore } = await import('../platform/documents.ts');
    await seedPortalDemoFiles(database, createDocumentStore(env), new Date());
    const counts = result.environmental;
    log(`演示数据 demo data: ${result.enterprises} 家企业 enterprises; ${counts.exceedances} 超标记录, ${counts.quotas} 总量记录, ${counts.hazardous} 有毒有害物质记录, ${counts.energy} 能耗记录`);
    printAccounts(result.accounts, log);
  }
  const { closeStaleImports } = await import('../modules/imports/import.service.ts');
  const { sweepUploadDirs } = await import('../modules/imports/imports.routes.ts');
  const closed = await closeStaleImports(database, new Date());
  if (closed > 0) log(`已关闭 ${closed} 个中断的导入任务 (closed ${closed} interrupted import jobs)`);
  sweepUploadDirs(new Date());
  const app = await buildApp(
    { env, database, clock: systemClock, hasher: argon2Hasher },
    { logger: { level: env.LOG_LEVEL } },
  );
  // Orphan uploads (a rolled-back step or a crash between file and row) older than an hour, now and hourly.
  const sweepDocuments = () =>
    app.documents.sweep(database.db, new Date()).then(
      (n) => n.objects + n.temp > 0 && log(`文档存储清理 document sweep: ${n.objects} orphan files, ${n.temp} temp files removed`),
      (err: unknown) => log(`文档存储清理失败 document sweep failed: ${(err as Error).message}`),
    );
  // Reminders of last year's progress reports (once per city and year; safe on several instances).
  const { sendReportReminders } = await import('../modules/reporting/annual-reports.service.ts');
  const remind = () => {
    const now = new Date();
    const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear() - 1;
    sendReportReminders(database, year, env.REPORT_REMINDER_DAYS, now).then(
      (cities) => cities.length > 0 && log(`年度报告提醒 report reminders ${year}: ${cities.join(', ')}`),
      (err: unknown) => log(`年度报告提醒失败 report reminders failed: ${(err as Error).message}`),
    );
  };
  // The daily overdue job (issue 6 item 4): tried hourly, runs once per Beijing day across instances (job_runs).
  const { runOverdueJob } = await import('../modules/audits/overdue.job.ts');
  const overdue = () =>
    runOverdueJob(database, { now: new Date(), escalationDays: env.OVERDUE_ESCALATION_DAYS }).then(
      (r) => r.ran && log(`逾期检查 overdue job ${r.date}: ${r.marked} marked, ${r.escalated} escalated, ${r.notified} notified`),
      (err: unknown) => log(`逾期检查失败 overdue job failed: ${(err as Error).message}`),
    );
  // The notification outbox dispatcher (issue 6 item 10).
  const { dispatchOutbox, emailAdapterOf, LogSmsAdapter } = await import('../modules/notifications/outbox.ts');
  // Without SMTP_HOST (or an SMS gateway) messages go to log lines. A full line per message is printed
  // only at LOG_LEVEL debug/trace: the demo data queues dozens at start, which pushed the console URL
  // off the screen. Otherwise one line per dispatch says how many went to the log adapter; every
  // message stays in `notification_outbox` and the recipients see it under the bell in the console.
  const eachMessage = env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
  const messageLog = eachMessage ? log : () => {};
  const adapters = { email: emailAdapterOf(env, messageLog), sms: new LogSmsAdapter(messageLog) };
  let dispatching = false;
  setInterval(() => {
    if (dispatching) return;
    dispatching = true;
    dispatchOutbox(database, adapters, new Date())
      .then(
        (r) => {
          if (r.failed > 0) log(`通知发送失败 outbox: ${r.failed} failed`);
          if (r.sent > 0 && !eachMessage && adapters.email.name === 'log') {
            log(`通知 outbox: ${r.sent} 条已记录（未配置 SMTP_HOST，逐条内容见 LOG_LEVEL=debug；站内通知见控制台右上角铃铛） ${r.sent} messages to the log adapter`);
          }
        },
        (err: unknown) => log(`通知发送失败 outbox dispatch failed: ${(err as Error).message}`),
      )
      .finally(() => {
        dispatching = false;
      });
  }, env.OUTBOX_INTERVAL_SECONDS * 1000).unref();
  // A remote store may be slow to answer: its first sweep does not hold up the start.
  if (env.DOCUMENT_STORE === 'local') await sweepDocuments();
  else void sweepDocuments();
  remind();
  void overdue();
  setInterval(() => {
    void sweepDocuments();
    remind();
    void overdue();
  }, 3600_000).unref();
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST === '0.0.0.0' || env.HOST === '127.0.0.1' ? 'localhost' : env.HOST;
  log(`\n清洁生产审核管理信息系统 CP Audit 已启动 (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  log(`  控制台 console: http://${host}:${port}/`);
  log(`  API 文档 docs:  http://${host}:${port}/api/docs`);
  if (opts.seedDemoIfEmpty) log(`  演示账号密码 demo password: Demo@2026gx（账号见 README 开头的表格 accounts: see the table at the top of README.md）`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: 正在停止 (draining)…`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
