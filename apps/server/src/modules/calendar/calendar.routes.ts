/**
 * `/api/v1/work-calendar`: the working-day calendar the legal deadlines use (issue 6 item 3).
 * Reading it is open to officials; adding the next year when the State Council publishes its
 * holiday notice is the region DEE's and the system administrator's (`workCalendar.manage`).
 * The calendar is region-wide data, so the permission is the whole check (no area).
 */
import { AddCalendarYearBodySchema, AddCalendarYearResultSchema, CalendarYearSchema, Permission } from '@cpaudit/contracts';
import { computeAuditDeadlines, isIsoDate } from '@cpaudit/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { addCalendarYear, listCalendarYears, loadWorkCalendars } from './calendar.service.ts';

const DeadlinesQuerySchema = z.object({ published: z.string().max(10), evaluationPassed: z.string().max(10).optional() });
const DeadlinesSchema = z.object({
  disclosureDue: z.string(),
  startDue: z.string(),
  reportDue: z.string(),
  acceptanceApplicationDue: z.string().nullable(),
  /** True when a deadline falls after the last stored year and was counted Monday–Friday. */
  provisional: z.boolean(),
  lastYear: z.number().int(),
});

export async function registerCalendarRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database;

  r.get(
    '/api/v1/work-calendar',
    {
      config: { access: { permission: Permission.workCalendarRead } },
      schema: { tags: ['calendar'], summary: '节假日安排（工作日历）Holiday arrangements per year', response: { 200: z.array(CalendarYearSchema) } },
    },
    async () => listCalendarYears(db),
  );

  r.get(
    '/api/v1/work-calendar/deadlines',
    {
      config: { access: { permission: Permission.workCalendarRead } },
      schema: { tags: ['calendar'], summary: '按当前日历计算法定期限 Deadlines of a publication date on the stored calendar', querystring: DeadlinesQuerySchema, response: { 200: DeadlinesSchema } },
    },
    async (request) => {
      const { published, evaluationPassed } = request.query;
      const bad = [
        ...(isIsoDate(published) ? [] : [{ field: 'querystring.published', message: '应为有效日期 YYYY-MM-DD' }]),
        ...(evaluationPassed === undefined || isIsoDate(evaluationPassed) ? [] : [{ field: 'querystring.evaluationPassed', message: '应为有效日期 YYYY-MM-DD' }]),
        ...(evaluationPassed !== undefined && isIsoDate(evaluationPassed) && isIsoDate(published) && evaluationPassed < published
          ? [{ field: 'querystring.evaluationPassed', message: '早于名单发布日期' }]
          : []),
      ];
      if (bad.length > 0) throw new AppError('VALIDATION_FAILED', '日期不正确', bad);
      const { strict, provisional } = await loadWorkCalendars(db);
      const input = { published, evaluationPassed: evaluationPassed ?? null };
      try {
        return { ...computeAuditDeadlines(input, strict), provisional: false, lastYear: strict.lastYear };
      } catch {
        return { ...computeAuditDeadlines(input, provisional), provisional: true, lastYear: strict.lastYear };
      }
    },
  );

  r.post(
    '/api/v1/work-calendar',
    {
      config: { access: { permission: Permission.workCalendarManage } },
      schema: {
        tags: ['calendar'],
        summary: '添加年度节假日安排 Add a year (State Council notice); recomputes stored deadlines',
        body: AddCalendarYearBodySchema,
        headers: z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough(),
        response: { 201: AddCalendarYearResultSchema },
      },
    },
    async (request, reply) => {
      const answer = await idempotent(deps, request, `POST /api/v1/work-calendar ${request.body.year}`, async (tx) => ({
        status: 201 as const,
        body: await addCalendarYear(tx, request, deps.clock, request.body),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );
}
