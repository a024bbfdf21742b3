/** `/api/v1/key-industries`: the key-industry catalogue with its GB/T 4754-2017 codes. */
import { KeyIndustrySchema } from '@cpaudit/contracts';
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
}
