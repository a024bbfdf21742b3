/** `/api/v1/divisions`: the GB/T 2260 division tree of Guangxi (region, 14 cities, 111 counties). */
import { DivisionSchema } from '@cpaudit/contracts';
import { asc } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { divisions } from '../../db/schema.ts';

export async function registerDivisionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/divisions',
    {
      config: { access: 'public' },
      schema: { tags: ['reference'], summary: '行政区划 Divisions', response: { 200: z.array(DivisionSchema) } },
    },
    async () => {
      const rows = await deps.database.db.select().from(divisions).orderBy(asc(divisions.code));
      return rows.map((d) => ({ code: d.code, name: d.name, level: d.level as 'region' | 'city' | 'county', parentCode: d.parentCode }));
    },
  );
}
