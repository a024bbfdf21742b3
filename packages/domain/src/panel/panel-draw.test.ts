import { describe, expect, it } from 'vitest';
import { drawPanel, drawReplacement, mulberry32, PanelDrawError, type PanelRequest, type PoolExpert } from './panel-draw.ts';

const ENT_USCC = '91450100MA5K000001';
const AGENCY_USCC = '91450100MA5K000002';

const expert = (id: number, over: Partial<PoolExpert> = {}): PoolExpert => ({
  id,
  name: `专家${id}`,
  employerUscc: `9145010000000${String(id).padStart(4, '0')}X`,
  specialities: ['cement'],
  available: true,
  assignmentsThisYear: 0,
  ...over,
});

const request: PanelRequest = {
  keyIndustry: 'cement',
  enterpriseId: 100,
  enterpriseUscc: ENT_USCC,
  agencyUscc: AGENCY_USCC,
  consultingTeamExpertIds: [4],
  pastReviews: [
    { expertId: 5, enterpriseId: 100, year: 2022 },
    { expertId: 6, enterpriseId: 100, year: 2020 },
    { expertId: 7, enterpriseId: 999, year: 2025 },
  ],
  year: 2025,
};

// 1 unavailable, 2 employed by the enterprise, 3 by its agency, 4 on its consulting team,
// 5 reviewed it in 2022 (within 3 years of 2025), 6 in 2020 (not), 7 reviewed another enterprise,
// 8 a steel expert only, 9 energy, 10 environment, 11–14 cement.
const pool: PoolExpert[] = [
  expert(1, { available: false }),
  expert(2, { employerUscc: ENT_USCC }),
  expert(3, { employerUscc: AGENCY_USCC }),
  expert(4),
  expert(5),
  expert(6),
  expert(7),
  expert(8, { specialities: ['steel'] }),
  expert(9, { specialities: ['energy_saving'] }),
  expert(10, { specialities: ['environment', 'steel'] }),
  expert(11),
  expert(12),
  expert(13),
  expert(14),
];
const CONFLICTED = [1, 2, 3, 4, 5];

describe('drawPanel: exclusions', () => {
  it('when the pool is screened, then each conflicted expert is excluded with its reason and the rest are eligible', () => {
    const d = drawPanel(pool, request, { seed: 1 });
    expect(d.excluded).toEqual([
      { expertId: 1, reason: 'unavailable' },
      { expertId: 2, reason: 'employedByEnterprise' },
      { expertId: 3, reason: 'employedByAgency' },
      { expertId: 4, reason: 'onConsultingTeam' },
      { expertId: 5, reason: 'recentReview' },
      { expertId: 8, reason: 'specialityMismatch' },
    ]);
    expect(d.eligible).toEqual([6, 7, 9, 10, 11, 12, 13, 14]);
  });

  it('when recentReviewYears is 0, then expert 5 is eligible; when 5, then expert 6 (2020) is excluded too', () => {
    expect(drawPanel(pool, request, { seed: 1, recentReviewYears: 0 }).eligible).toContain(5);
    const d = drawPanel(pool, request, { seed: 1, recentReviewYears: 5 });
    expect(d.excluded).toContainEqual({ expertId: 6, reason: 'recentReview' });
  });

  it('when the agency is a self-audit (no agency), then expert 3 is eligible', () => {
    expect(drawPanel(pool, { ...request, agencyUscc: null }, { seed: 1 }).eligible).toContain(3);
  });

  it('when drawn with 2000 seeds and sizes 3 and 5, then no conflicted expert is ever drawn and every panel has an industry expert and distinct members', () => {
    for (let seed = 0; seed < 2000; seed++) {
      const size = seed % 2 === 0 ? 3 : 5;
      const d = drawPanel(pool, request, { seed, size });
      const ids = d.panel.map((p) => p.expertId);
      expect(ids).toHaveLength(size);
      expect(new Set(ids).size).toBe(size);
      for (const id of ids) expect(CONFLICTED).not.toContain(id);
      expect(ids).not.toContain(8);
      expect(d.panel.some((p) => p.industryExpert)).toBe(true);
      expect(d.panel[0]?.industryExpert).toBe(true);
    }
  });
});

describe('drawPanel: reproducible and weighted', () => {
  it('when the same seed is used twice (and the pool order is shuffled), then the panel is the same', () => {
    for (const seed of [0, 42, 4294967295]) {
      const a = drawPanel(pool, request, { seed });
      const b = drawPanel([...pool].reverse(), request, { seed });
      expect(b).toEqual(a);
      expect(a.seed).toBe(seed);
    }
  });

  it('when different seeds are used, then several different panels appear', () => {
    const panels = new Set(Array.from({ length: 50 }, (_, seed) => drawPanel(pool, request, { seed }).panel.map((p) => p.expertId).join(',')));
    expect(panels.size).toBeGreaterThan(10);
  });

  it('when mulberry32(1) runs, then its first values are fixed (platform-independent)', () => {
    const next = mulberry32(1);
    const first = [next(), next(), next()].map((x) => Math.floor(x * 1e6));
    const again = mulberry32(1);
    expect([again(), again(), again()].map((x) => Math.floor(x * 1e6))).toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1e6).toBe(true);
  });

  it('when two industry experts differ only in assignments (0 vs 3), then over 4000 seeds the first seat goes to the idle one about 4 times as often (weights 1 and ¼)', () => {
    const two = [expert(1), expert(2, { assignmentsThisYear: 3 }), expert(3, { specialities: ['energy_saving'] }), expert(4, { specialities: ['energy_saving'] })];
    const req = { ...request, consultingTeamExpertIds: [], pastReviews: [] };
    let idle = 0;
    for (let seed = 0; seed < 4000; seed++) if (drawPanel(two, req, { seed }).panel[0]?.expertId === 1) idle++;
    // Expected share 1 / (1 + 0.25) = 0.8 → 3200 of 4000; allow ±3 standard deviations (σ ≈ 25).
    expect(idle).toBeGreaterThan(3125);
    expect(idle).toBeLessThan(3275);
  });
});

describe('drawPanel: named errors', () => {
  const codeOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof PanelDrawError) return e.code;
      throw e;
    }
    return 'none';
  };
  it.each([
    ['when size is 4, then invalidSize', () => drawPanel(pool, request, { seed: 1, size: 4 }), 'invalidSize'],
    ['when size is 1, then invalidSize', () => drawPanel(pool, request, { seed: 1, size: 1 }), 'invalidSize'],
    ['when the seed is negative, then invalidSeed', () => drawPanel(pool, request, { seed: -1 }), 'invalidSeed'],
    ['when 9 seats are asked of 8 eligible, then notEnoughEligible', () => drawPanel(pool, request, { seed: 1, size: 9 }), 'notEnoughEligible'],
    ['when 7 seats are asked of 8 eligible, then it draws', () => drawPanel(pool, request, { seed: 1, size: 7 }), 'none'],
    ['when only energy/environment experts are eligible, then noIndustryExpert', () => drawPanel(pool.filter((e) => e.id < 11 && e.id !== 6 && e.id !== 7), request, { seed: 1 }), 'noIndustryExpert'],
  ])('%s', (_name, f, code) => {
    expect(codeOf(f)).toBe(code);
  });
});

describe('drawReplacement', () => {
  it('when a member declines, then the replacement is never a conflicted or seated expert, and the same seed gives the same expert', () => {
    const conflicted = new Set([1, 2, 3, 4, 5, 8]);
    const seated = [11, 12, 9];
    for (let seed = 0; seed < 300; seed++) {
      const r = drawReplacement(pool, request, { seed, seated, needIndustry: false });
      expect(conflicted.has(r.expertId), `seed ${seed}`).toBe(false);
      expect(seated.includes(r.expertId), `seed ${seed}`).toBe(false);
      expect(drawReplacement(pool, request, { seed, seated, needIndustry: false }).expertId).toBe(r.expertId);
    }
  });
  it('when the declined expert held the only industry seat, then only a key-industry expert replaces it', () => {
    for (let seed = 0; seed < 100; seed++) {
      const r = drawReplacement(pool, request, { seed, seated: [11, 9, 10], needIndustry: true });
      expect([6, 7, 12, 13, 14]).toContain(r.expertId);
      expect(r.industryExpert).toBe(true);
    }
  });
  it('when nobody is left, then notEnoughEligible', () => {
    const small = [expert(20), expert(21)];
    expect(() => drawReplacement(small, request, { seed: 1, seated: [20, 21], needIndustry: false })).toThrow(PanelDrawError);
  });
});
