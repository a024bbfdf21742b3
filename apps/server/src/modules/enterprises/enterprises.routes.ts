/** `/api/v1/enterprises`: the enterprise registry (list, export, detail tabs, create, edit). */
import {
  ChangeEntrySchema,
  EnterpriseAuditSchema,
  EnterpriseDetailSchema,
  EnterprisePatchSchema,
  EnterpriseSchema,
  EnterpriseScreeningSchema,
  EnterpriseSearchSchema,
  EnterpriseWriteSchema,
  EnvironmentalDataSchema,
  IdParamSchema,
  Permission,
  pageSchema,
  type Enterprise,
} from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { writeXlsx } from '../../imports/safe-export.ts';
import { writeAuditLog, type AuditEntry } from '../../platform/audit-log.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import { AppError } from '../../platform/errors.ts';
import { enterpriseScopeSql } from '../../platform/scope-sql.ts';
import { createEnterprise, getChangeHistory, getEnterpriseAudits, getEnterpriseDetail, getEnvironmentalData, getScreeningHistory, updateEnterprise } from './enterprises.detail.ts';
import { findEnterprise, iterateEnterprises, listEnterprises } from './enterprises.repository.ts';

const Id = IdParamSchema;
const STATUS_ZH = { operating: '在产', suspended: '停产', closed: '关闭' } as const;

/** Loads an enterprise and checks the actor may act on it. */
async function loadScoped(deps: AppDeps, request: FastifyRequest, id: number, action: Permission): Promise<Enterprise> {
  const e = await findEnterprise(deps.database, id);
  if (!e) throw new AppError('NOT_FOUND', '企业不存在');
  await authorize(deps, request, action, { kind: 'enterprise', enterpriseId: e.id, divisionCode: e.divisionCode });
  return e;
}

function audit(deps: AppDeps, request: FastifyRequest, entry: Pick<AuditEntry, 'action' | 'objectType' | 'objectId' | 'details'>) {
  const s = request.session!;
  return writeAuditLog(deps.database.db, {
    ...entry,
    at: deps.clock.now(),
    result: 'success',
    actorUserId: s.user.id,
    actorUsername: s.user.username,
    orgId: s.org.id,
    orgName: s.org.name,
    ip: request.ip,
    requestId: String(request.id),
  });
}

export async function registerEnterpriseRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/enterprises',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '企业列表 Enterprises in my area', querystring: EnterpriseSearchSchema, response: { 200: pageSchema(EnterpriseSchema) } },
    },
    async (request) => {
      const actor = requireActor(request);
      const { data, total } = await listEnterprises(deps.database, enterpriseScopeSql(actor), request.query);
      return { data, total, current: request.query.current, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/v1/enterprises/export.xlsx',
    {
      config: { access: { permission: Permission.enterpriseExport } },
      schema: { tags: ['enterprises'], summary: '导出企业名录 Export (xlsx, filters applied)', querystring: EnterpriseSearchSchema.omit({ current: true, pageSize: true }) },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      let count = 0;
      const rows = (async function* () {
        for await (const e of iterateEnterprises(deps.database, enterpriseScopeSql(actor), request.query)) {
          count++;
          yield e;
        }
      })();
      const buffer = await writeXlsx<Enterprise>({
        sheetName: '企业名录',
        columns: [
          { header: '单位名称', value: (e) => e.name, width: 40 },
          { header: '统一社会信用代码', value: (e) => e.uscc, width: 22, numFmt: '@' },
          { header: '设区市', value: (e) => e.cityName },
          { header: '县（市、区）', value: (e) => e.countyName },
          { header: '行政区划代码', value: (e) => e.divisionCode, numFmt: '@' },
          { header: '行业类别代码', value: (e) => e.industryCodes.join(','), numFmt: '@' },
          { header: '所属重点行业', value: (e) => e.keyIndustry ?? '' },
          { header: '法定代表人', value: (e) => e.legalRepresentative ?? '' },
          { header: '生产经营场所地址', value: (e) => e.address ?? '', width: 40 },
          { header: '状态', value: (e) => STATUS_ZH[e.status] },
        ],
        rows,
      });
      await audit(deps, request, { action: Permission.enterpriseExport, objectType: 'enterprise', objectId: null, details: { filters: request.query, rows: count } });
      return sendXlsx(reply, buffer, 'enterprises.xlsx', '企业名录.xlsx');
    },
  );

  r.get(
    '/api/v1/enterprises/:id',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '企业 Enterprise', params: Id, response: { 200: EnterpriseSchema } },
    },
    async (request) => loadScoped(deps, request, request.params.id, Permission.enterpriseRead),
  );

  r.get(
    '/api/v1/enterprises/:id/detail',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '企业详情与排污许可 Detail with permits', params: Id, response: { 200: EnterpriseDetailSchema } },
    },
    async (request) => {
      await loadScoped(deps, request, request.params.id, Permission.enterpriseRead);
      return (await getEnterpriseDetail(deps.database, request.params.id))!;
    },
  );

  r.get(
    '/api/v1/enterprises/:id/environmental',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '环境数据 Environmental data', params: Id, response: { 200: EnvironmentalDataSchema } },
    },
    async (request) => {
      await loadScoped(deps, request, request.params.id, Permission.enterpriseRead);
      return getEnvironmentalData(deps.database, request.params.id);
    },
  );

  r.get(
    '/api/v1/enterprises/:id/history',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '变更记录 Change history', params: Id, response: { 200: z.array(ChangeEntrySchema) } },
    },
    async (request) => {
      await loadScoped(deps, request, request.params.id, Permission.enterpriseRead);
      return getChangeHistory(deps.database, request.params.id);
    },
  );

  r.get(
    '/api/v1/enterprises/:id/screening',
    {
      config: { access: { permission: Permission.screeningRead } },
      schema: { tags: ['enterprises'], summary: '筛选记录 Screening history', params: Id, response: { 200: z.array(EnterpriseScreeningSchema) } },
    },
    async (request) => {
      await loadScoped(deps, request, request.params.id, Permission.screeningRead);
      return getScreeningHistory(deps.database, request.params.id);
    },
  );

  r.get(
    '/api/v1/enterprises/:id/audits',
    {
      config: { access: { permission: Permission.auditRead } },
      schema: { tags: ['enterprises'], summary: '审核记录 Audits of the enterprise', params: Id, response: { 200: z.array(EnterpriseAuditSchema) } },
    },
    async (request) => {
      await loadScoped(deps, request, request.params.id, Permission.auditRead);
      return getEnterpriseAudits(deps.database, request.params.id);
    },
  );

  r.post(
    '/api/v1/enterprises',
    {
      config: { access: { permission: Permission.enterpriseCreate } },
      schema: { tags: ['enterprises'], summary: '新增企业 Create', body: EnterpriseWriteSchema, response: { 201: EnterpriseDetailSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(deps, request, Permission.enterpriseCreate, { kind: 'area', divisionCode: request.body.divisionCode });
      const id = await createEnterprise(deps.database, request.body, actor.userId, deps.clock.now());
      await audit(deps, request, { action: Permission.enterpriseCreate, objectType: 'enterprise', objectId: id, details: { uscc: request.body.uscc } });
      return reply.status(201).send((await getEnterpriseDetail(deps.database, id))!);
    },
  );

  r.patch(
    '/api/v1/enterprises/:id',
    {
      config: { access: { permission: Permission.enterpriseUpdate } },
      schema: { tags: ['enterprises'], summary: '修改企业 Edit', params: Id, body: EnterprisePatchSchema, response: { 200: EnterpriseDetailSchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      await loadScoped(deps, request, request.params.id, Permission.enterpriseUpdate);
      // An enterprise keeps its own contact data; identity, area, industry and status are the authorities' (ASVS 8.2.3).
      if (actor.orgKind === 'enterprise') {
        const allowed = new Set(['legalRepresentative', 'address', 'contactName', 'contactPhone']);
        const denied = Object.keys(request.body).filter((k) => !allowed.has(k));
        if (denied.length) throw new AppError('FORBIDDEN', `企业用户不能修改：${denied.join('、')}`, { fields: denied });
      }
      if (request.body.divisionCode) {
        await authorize(deps, request, Permission.enterpriseUpdate, { kind: 'area', divisionCode: request.body.divisionCode });
      }
      const changed = await updateEnterprise(deps.database, request.params.id, request.body, actor.userId, deps.clock.now());
      if (changed > 0) {
        await audit(deps, request, { action: Permission.enterpriseUpdate, objectType: 'enterprise', objectId: request.params.id, details: { fields: Object.keys(request.body) } });
      }
      return (await getEnterpriseDetail(deps.database, request.params.id))!;
    },
  );
}
