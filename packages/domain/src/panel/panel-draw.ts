/**
 * The expert panel draw for an evaluation (评估) or acceptance (验收) (issue 6 item 7).
 *
 * Sources: regulations.md §2 — experts drawn at random from the 专家库 by industry (Hunan 2016
 * 评审规范); an odd-numbered panel of 3 or more and exclusion of experts linked to the enterprise or
 * its consultant (recommended default, not a confirmed national rule); forms-and-procedures.md §6
 * (recusal when linked to the enterprise or the agency). Everything here is configurable local practice.
 *
 * Pure: randomness comes from a recorded 32-bit seed ({@link mulberry32}), so a draw can be
 * replayed from the stored seed and inputs.
 */

/** Speciality tags of an expert: a key-industry code (e.g. `'cement'`), or the cross-cutting `'energy_saving'` (节能) / `'environment'` (环保); `'energy'` is the key industry 能源. */
export type Speciality = string;

/**
 * An expert of the pool (自治区级清洁生产审核专家库) as the draw needs it:
 * `id`; `employerUscc` the employer's unified social credit code (or `null`); `specialities`;
 * `available` (false when marked unavailable); `assignmentsThisYear` panels sat on this year.
 */
export interface PoolExpert {
  id: number;
  name: string;
  employerUscc: string | null;
  specialities: readonly Speciality[];
  available: boolean;
  assignmentsThisYear: number;
}

/**
 * The review to staff:
 * - `keyIndustry`: the audit's key industry (a speciality tag);
 * - `enterpriseId`, `enterpriseUscc`; `agencyUscc` of its consulting agency (`null` for a self-audit);
 * - `consultingTeamExpertIds`: experts who served on the enterprise's consulting/audit team;
 * - `pastReviews`: earlier reviews `{ expertId, enterpriseId, year }`;
 * - `year`: the year of this draw.
 */
export interface PanelRequest {
  keyIndustry: Speciality;
  enterpriseId: number;
  enterpriseUscc: string;
  agencyUscc: string | null;
  consultingTeamExpertIds: readonly number[];
  pastReviews: readonly { expertId: number; enterpriseId: number; year: number }[];
  year: number;
}

/**
 * Options: `size` odd, ≥ 3 (default 3); `recentReviewYears` — an expert who reviewed the same
 * enterprise in this many years before the draw year, or in it, is excluded (default 3; 0 turns
 * the rule off); `seed` an unsigned 32-bit integer.
 */
export interface PanelOptions {
  size?: number;
  recentReviewYears?: number;
  seed: number;
}

/**
 * Why an expert cannot be drawn (回避 and availability), checked in this order, first reason wins:
 * `unavailable`, `employedByEnterprise`, `employedByAgency`, `onConsultingTeam`, `recentReview`,
 * `specialityMismatch` (neither the key industry nor energy saving/environment).
 */
export const exclusionReasons = ['unavailable', 'employedByEnterprise', 'employedByAgency', 'onConsultingTeam', 'recentReview', 'specialityMismatch'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/** The record of a draw, kept for audit: seed, size, the panel (in draw order), the eligible pool and every exclusion. */
export interface PanelDraw {
  seed: number;
  size: number;
  panel: { expertId: number; industryExpert: boolean }[];
  eligible: number[];
  excluded: { expertId: number; reason: ExclusionReason }[];
}

/** Named failures of a draw: `invalidSize` (even or < 3), `invalidSeed`, `notEnoughEligible`, `noIndustryExpert`. */
export class PanelDrawError extends Error {
  constructor(
    readonly code: 'invalidSize' | 'invalidSeed' | 'notEnoughEligible' | 'noIndustryExpert',
    message: string,
  ) {
    super(message);
    this.name = 'PanelDrawError';
  }
}

/**
 * The mulberry32 generator: a function returning floats in [0, 1) from a 32-bit seed; the same
 * seed gives the same sequence on every platform (integer arithmetic via `Math.imul`).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROSS_CUTTING: readonly Speciality[] = ['energy_saving', 'environment'];

function exclusionOf(e: PoolExpert, req: PanelRequest, recentYears: number): ExclusionReason | null {
  if (!e.available) return 'unavailable';
  if (e.employerUscc !== null && e.employerUscc === req.enterpriseUscc) return 'employedByEnterprise';
  if (e.employerUscc !== null && req.agencyUscc !== null && e.employerUscc === req.agencyUscc) return 'employedByAgency';
  if (req.consultingTeamExpertIds.includes(e.id)) return 'onConsultingTeam';
  if (recentYears > 0 && req.pastReviews.some((r) => r.expertId === e.id && r.enterpriseId === req.enterpriseId && r.year > req.year - recentYears - 1 && r.year <= req.year)) {
    return 'recentReview';
  }
  if (!e.specialities.includes(req.keyIndustry) && !e.specialities.some((s) => CROSS_CUTTING.includes(s))) return 'specialityMismatch';
  return null;
}

/** Weighted pick without replacement: weight 1 / (1 + assignments this year). Returns the index into `candidates`. */
function pick(candidates: readonly PoolExpert[], next: () => number): number {
  const weights = candidates.map((c) => 1 / (1 + Math.max(0, c.assignmentsThisYear)));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = next() * total;
  for (let i = 0; i < candidates.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return candidates.length - 1;
}

/**
 * Draws a panel of `size` experts from `pool` for `request`:
 * 1. every expert with an {@link ExclusionReason} is excluded (recorded with the reason);
 * 2. the first seat goes to an expert of the key industry (at least one industry expert);
 * 3. the other seats come from all remaining eligible experts (industry, energy or environment);
 * each pick weighs an expert 1 / (1 + assignments this year), so 0 assignments weigh 1, 1 weighs ½.
 * The pool is sorted by id first, so the input order does not change the result.
 *
 * @returns {@link PanelDraw} (eligible and excluded sorted by expert id)
 * @throws PanelDrawError `invalidSize`, `invalidSeed`, `noIndustryExpert` (no eligible expert of
 *   the key industry) or `notEnoughEligible` (fewer eligible experts than `size`)
 */
export function drawPanel(pool: readonly PoolExpert[], request: PanelRequest, options: PanelOptions): PanelDraw {
  const size = options.size ?? 3;
  const recentYears = options.recentReviewYears ?? 3;
  if (!Number.isInteger(size) || size < 3 || size % 2 === 0) throw new PanelDrawError('invalidSize', `panel size must be an odd integer ≥ 3, got ${size}`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new PanelDrawError('invalidSeed', `seed must be an unsigned 32-bit integer, got ${options.seed}`);
  }
  const sorted = [...pool].sort((a, b) => a.id - b.id);
  const excluded: PanelDraw['excluded'] = [];
  const eligible: PoolExpert[] = [];
  for (const e of sorted) {
    const reason = exclusionOf(e, request, recentYears);
    if (reason === null) eligible.push(e);
    else excluded.push({ expertId: e.id, reason });
  }
  const industry = eligible.filter((e) => e.specialities.includes(request.keyIndustry));
  if (industry.length === 0) throw new PanelDrawError('noIndustryExpert', `no eligible expert of key industry ${request.keyIndustry} (${eligible.length} eligible in all)`);
  if (eligible.length < size) throw new PanelDrawError('notEnoughEligible', `${eligible.length} eligible experts, panel needs ${size}`);

  const next = mulberry32(options.seed);
  const first = industry[pick(industry, next)]!;
  const panel: PanelDraw['panel'] = [{ expertId: first.id, industryExpert: true }];
  const rest = eligible.filter((e) => e.id !== first.id);
  while (panel.length < size) {
    const [chosen] = rest.splice(pick(rest, next), 1);
    panel.push({ expertId: chosen!.id, industryExpert: chosen!.specialities.includes(request.keyIndustry) });
  }
  return { seed: options.seed, size, panel, eligible: eligible.map((e) => e.id), excluded };
}

/**
 * Draws ONE expert to replace a declined member (issue 6 item 7: the seat is refilled by a new
 * recorded draw). The same exclusions as {@link drawPanel} apply; `seated` (the remaining members
 * and every expert who declined or sat on this panel before) cannot be drawn again. When
 * `needIndustry` (the declined expert held the panel's only key-industry seat) only key-industry
 * experts are candidates. Weighting as in {@link drawPanel}: 1 / (1 + assignments this year).
 *
 * Example: pool ids 1–6 all eligible, `seated` [1, 2, 3] → the result is one of 4, 5, 6, and the
 * same seed gives the same expert.
 *
 * @returns `{ seed, expertId, industryExpert, eligible, excluded }` (eligible without `seated`)
 * @throws PanelDrawError `invalidSeed`, `noIndustryExpert` or `notEnoughEligible` (nobody left)
 */
export function drawReplacement(
  pool: readonly PoolExpert[],
  request: PanelRequest,
  options: { seed: number; seated: readonly number[]; needIndustry: boolean; recentReviewYears?: number },
): { seed: number; expertId: number; industryExpert: boolean; eligible: number[]; excluded: PanelDraw['excluded'] } {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new PanelDrawError('invalidSeed', `seed must be an unsigned 32-bit integer, got ${options.seed}`);
  }
  const recentYears = options.recentReviewYears ?? 3;
  const sorted = [...pool].sort((a, b) => a.id - b.id);
  const excluded: PanelDraw['excluded'] = [];
  const eligible: PoolExpert[] = [];
  for (const e of sorted) {
    const reason = exclusionOf(e, request, recentYears);
    if (reason !== null) excluded.push({ expertId: e.id, reason });
    else if (!options.seated.includes(e.id)) eligible.push(e);
  }
  const candidates = options.needIndustry ? eligible.filter((e) => e.specialities.includes(request.keyIndustry)) : eligible;
  if (candidates.length === 0) {
    throw options.needIndustry
      ? new PanelDrawError('noIndustryExpert', `no further eligible expert of key industry ${request.keyIndustry}`)
      : new PanelDrawError('notEnoughEligible', 'no further eligible expert');
  }
  const chosen = candidates[pick(candidates, mulberry32(options.seed))]!;
  return { seed: options.seed, expertId: chosen.id, industryExpert: chosen.specialities.includes(request.keyIndustry), eligible: eligible.map((e) => e.id), excluded };
}
