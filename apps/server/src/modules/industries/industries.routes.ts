/** `/api/v1/key-industries`: the key-industry catalogue with its GB/T 4754-2017 codes. */
import { KeyIndustryCodesSchema, KeyIndustryCreateSchema, KeyIndustrySchema, Permission } from '@cpaudit/contracts';
import { cityCodeOf } from '@cpaudit/domain';
import type { FastifyRequest } from 'fastify';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { createKeyIndustry, findKeyIndustry, replaceKeyIndustryCodes } from './industries.service.ts';
import { asc } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { keyIndustries, keyIndustryCodes } from '../../db/schema.ts';

export async function registerIndustryRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/key-industries',
    {
      config: { access: 'public' },
      schema: { tags: ['reference'], summary: '重点行业目录 Key industries', response: { 200: z.array(KeyIndustrySchema) } },
    },
    async () => {
      const db = deps.database.db;
      const [inds, codes] = await Promise.all([
        db.select().from(keyIndustries).orderBy(asc(keyIndustries.sortOrder), asc(keyIndustries.key)),
        db.select().from(keyIndustryCodes).orderBy(asc(keyIndustryCodes.industryCode)),
      ]);
      return inds.map((k) => ({
        key: k.key,
        nameZh: k.nameZh,
        cityCode: k.cityCode,
        codes: codes
          .filter((c) => c.keyIndustry === k.key)
          .map((c) => ({ industryCode: c.industryCode, name: c.industryName, status: c.status, source: c.source })),
      }));
    },
  );

  const r = app.withTypeProvider<ZodTypeProvider>();
  const audit = (request: FastifyRequest, action: string, key: string, details: Record<string, unknown>) =>
    writeAuditLog(deps.database.db, {
      at: deps.clock.now(),
      action,
      result: 'success',
      actorUserId: request.session!.user.id,
      actorUsername: request.session!.user.username,
      orgId: request.session!.org.id,
      orgName: request.session!.org.name,
      objectType: 'keyIndustry',
      objectId: key,
      ip: request.ip,
      requestId: String(request.id),
      details,
    });

  /** Region officers (industry.manage) edit everything; city officers (industry.addLocal) their city's local industries. */
  async function checkEdit(request: FastifyRequest, cityCode: string | null): Promise<void> {
    const actor = requireActor(request);
    if (actor.permissions.includes(Permission.industryManage)) {
      if (cityCode) await authorize(deps, request, Permission.industryManage, { kind: 'area', divisionCode: cityCode });
      return;
    }
    if (!actor.permissions.includes(Permission.industryAddLocal)) throw new AppError('FORBIDDEN');
    if (!cityCode) throw new AppError('FORBIDDEN', '设区市只能新增或修改本市的本地重点行业');
    await authorize(deps, request, Permission.industryAddLocal, { kind: 'area', divisionCode: cityCode });
  }

  r.post(
    '/api/v1/key-industries',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['reference'], summary: '新增重点行业 Add a key industry (region, or a city-local one)', body: KeyIndustryCreateSchema, response: { 201: z.object({ key: z.string() }) } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const s = request.session!;
      // A city officer's industry is always its own city's.
      const cityCode = request.body.cityCode ?? (actor.permissions.includes(Permission.industryManage) ? null : cityCodeOf(s.area.divisionCode));
      if (cityCode && cityCodeOf(cityCode) !== cityCode) throw new AppError('VALIDATION_FAILED', 'cityCode 应为设区市代码');
      await checkEdit(request, cityCode);
      await createKeyIndustry(deps.database, { key: request.body.key, nameZh: request.body.nameZh, cityCode, codes: request.body.codes }, actor.userId, deps.clock.now());
      await audit(request, 'industry.create', request.body.key, { cityCode, codes: request.body.codes });
      return reply.status(201).send({ key: request.body.key });
    },
  );

  r.put(
    '/api/v1/key-industries/:key/codes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['reference'],
        summary: '修改重点行业的行业代码 Replace an industry\'s GB/T 4754 codes',
        params: z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) }),
        body: KeyIndustryCodesSchema,
        response: { 200: z.object({ before: z.array(z.string()), after: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const industry = await findKeyIndustry(deps.database, request.params.key);
      if (!industry) throw new AppError('NOT_FOUND', '重点行业不存在');
      await checkEdit(request, industry.cityCode);
      const result = await replaceKeyIndustryCodes(deps.database, industry.key, request.body.codes, actor.userId, deps.clock.now());
      await audit(request, 'industry.update', industry.key, result);
      return result;
    },
  );
}
