/**
 * Expert panels and scoring (issue 6 items 7–8; issue 8 item 2 "expert home"):
 * - officials: `POST /api/v1/audits/:id/panels` (draw), `GET /api/v1/audits/:id/panels`,
 *   `POST /api/v1/panels/:id/redraw`, `POST /api/v1/panels/:id/members/:memberId/replace`,
 *   `POST /api/v1/panels/:id/decide`, `GET /api/v1/panels/:id/opinion.docx`;
 * - experts: `GET /api/v1/my/assignments`, `PUT /api/v1/panels/:id/sheets/mine`,
 *   `POST /api/v1/panels/:id/sheets/mine/submit`.
 * Drawing and deciding (panel.manage): the city EEB for audits of its city (the workflow's
 * `drawPanel` and pass/fail actions are the city's: domain/workflow TRANSITIONS); reading (panel.read): officials of the audit's area, and the enterprise (names only after
 * the decision); scoring (audit.score): an expert seated on the panel.
 */
import {
  AssignmentSchema,
  PanelDecideInputSchema,
  PanelDrawInputSchema,
  PanelRedrawInputSchema,
  PanelReplaceInputSchema,
  PanelSchema,
  Permission,
  ScoreSheetInputSchema,
  ScoreSheetSchema,
  ScoreSheetSubmitSchema,
} from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { opinionDocx, opinionTitle } from './opinion-docx.ts';
import {
  auditOfPanel,
  decidePanel,
  drawForAudit,
  expertOfUser,
  fullView,
  listPanels,
  loadAudit,
  myAssignments,
  panelOut,
  panelSheets,
  redrawPanel,
  replaceMember,
  saveMySheet,
  submitMySheet,
  type PanelAudit,
  type PanelContext,
} from './panels.service.ts';

const Id = z.object({ id: z.coerce.number().int().positive() });
const MemberParams = z.object({ id: z.coerce.number().int().positive(), memberId: z.coerce.number().int().positive() });

export async function registerPanelRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest): PanelContext => ({
    at: deps.clock.now(),
    actorUserId: request.session!.user.id,
    actorUsername: request.session!.user.username,
    orgId: request.session!.org.id,
    orgName: request.session!.org.name,
    actor: requireActor(request),
    ip: request.ip,
    requestId: String(request.id),
  });
  const resource = (a: PanelAudit) => ({ kind: 'enterprise' as const, enterpriseId: a.enterpriseId, divisionCode: a.countyCode });

  r.post(
    '/api/v1/audits/:id/panels',
    {
      config: { access: { permission: Permission.panelManage } },
      schema: { tags: ['panels'], summary: '抽取评审专家组 Draw the expert panel of an evaluation or acceptance', params: Id, body: PanelDrawInputSchema, response: { 201: PanelSchema } },
    },
    async (request, reply) => {
      const audit = await loadAudit(deps.database.db, request.params.id);
      await authorize(deps, request, Permission.panelManage, resource(audit));
      const { id } = await drawForAudit(deps.database, audit.id, request.body, ctx(request));
      return reply.status(201).send(await panelOut(deps.database.db, id, true));
    },
  );

  r.get(
    '/api/v1/audits/:id/panels',
    {
      config: { access: { permission: Permission.panelRead } },
      schema: { tags: ['panels'], summary: '审核的专家组 Panels of an audit', params: Id, response: { 200: z.array(PanelSchema) } },
    },
    async (request) => {
      const audit = await loadAudit(deps.database.db, request.params.id);
      const actor = await authorize(deps, request, Permission.panelRead, resource(audit));
      return listPanels(deps.database, audit.id, fullView(actor));
    },
  );

  r.post(
    '/api/v1/panels/:id/redraw',
    {
      config: { access: { permission: Permission.panelManage } },
      schema: { tags: ['panels'], summary: '重新抽取 Redraw the whole panel with a new recorded seed', params: Id, body: PanelRedrawInputSchema, response: { 200: PanelSchema } },
    },
    async (request) => {
      const audit = await auditOfPanel(deps.database, request.params.id);
      await authorize(deps, request, Permission.panelManage, resource(audit));
      return redrawPanel(deps.database, request.params.id, request.body, ctx(request));
    },
  );

  r.post(
    '/api/v1/panels/:id/members/:memberId/replace',
    {
      config: { access: { permission: Permission.panelManage } },
      schema: {
        tags: ['panels'],
        summary: '专家回避/拒绝后替换 Record a decline and draw a replacement with a new recorded seed',
        params: MemberParams,
        body: PanelReplaceInputSchema,
        response: { 200: PanelSchema },
      },
    },
    async (request) => {
      const audit = await auditOfPanel(deps.database, request.params.id);
      await authorize(deps, request, Permission.panelManage, resource(audit));
      return replaceMember(deps.database, request.params.id, request.params.memberId, request.body, ctx(request));
    },
  );

  r.post(
    '/api/v1/panels/:id/decide',
    {
      config: { access: { permission: Permission.panelManage } },
      schema: {
        tags: ['panels'],
        summary: '专家组结论 Compute the panel result and record it on the audit',
        params: Id,
        body: PanelDecideInputSchema,
        response: { 200: z.object({ panel: PanelSchema, auditState: z.string() }) },
      },
    },
    async (request) => {
      const audit = await auditOfPanel(deps.database, request.params.id);
      await authorize(deps, request, Permission.panelManage, resource(audit));
      return decidePanel(deps.database, request.params.id, request.body, ctx(request));
    },
  );

  r.get(
    '/api/v1/panels/:id/opinion.docx',
    {
      config: { access: { permission: Permission.panelRead } },
      schema: { tags: ['panels'], summary: '技术审查意见/验收意见（docx）The review or acceptance opinion as Word', params: Id },
    },
    async (request, reply) => {
      const audit = await auditOfPanel(deps.database, request.params.id);
      await authorize(deps, request, Permission.panelRead, resource(audit));
      const panel = await panelOut(deps.database.db, request.params.id, true);
      if (panel.status !== 'decided' || !panel.result || !panel.decidedAt) throw new AppError('RULE_VIOLATION', '专家组尚未作出结论，不能生成意见');
      const buf = await opinionDocx({
        enterpriseName: audit.enterpriseName,
        enterpriseUscc: audit.enterpriseUscc,
        listYear: audit.listYear,
        mode: audit.mode,
        panel,
        comments: await panelSheets(deps.database, panel.id),
        decidedOn: panel.decidedAt.slice(0, 10),
      });
      const title = `${audit.enterpriseName}${opinionTitle(panel.stage)}.docx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="panel-${panel.id}-opinion.docx"; filename*=UTF-8''${encodeURIComponent(title)}`)
        .header('cache-control', 'no-store')
        .send(buf);
    },
  );

  r.get(
    '/api/v1/my/assignments',
    {
      config: { access: { permission: Permission.auditScore } },
      schema: { tags: ['panels'], summary: '我的评审任务 The logged-in expert\'s panels to score', response: { 200: z.array(AssignmentSchema) } },
    },
    async (request) => myAssignments(deps.database, await expertOfUser(deps.database, requireActor(request).userId)),
  );

  r.put(
    '/api/v1/panels/:id/sheets/mine',
    {
      config: { access: { permission: Permission.auditScore } },
      schema: { tags: ['panels'], summary: '保存我的评分表 Save the expert\'s own sheet (version 0 first)', params: Id, body: ScoreSheetInputSchema, response: { 200: ScoreSheetSchema } },
    },
    async (request) => saveMySheet(deps.database, request.params.id, await expertOfUser(deps.database, requireActor(request).userId), request.body, ctx(request)),
  );

  r.post(
    '/api/v1/panels/:id/sheets/mine/submit',
    {
      config: { access: { permission: Permission.auditScore } },
      schema: { tags: ['panels'], summary: '提交我的评分表 Submit the expert\'s own sheet', params: Id, body: ScoreSheetSubmitSchema, response: { 200: ScoreSheetSchema } },
    },
    async (request) =>
      submitMySheet(deps.database, request.params.id, await expertOfUser(deps.database, requireActor(request).userId), request.body.version, ctx(request)),
  );
}
