import type { EnergyEvidence, ExceedanceEvidence, HazardousEvidence, HazardousExceedanceEvidence, QuotaEvidence, ScreeningEvidence } from '../screening/types.ts';

/**
 * The disclosure form of a listed enterprise (《清洁生产审核办法》 (NDRC/MEP Order 38) art. 11:
 * within one month of the list's publication the enterprise publishes its name, legal
 * representative, address, and — by reason of listing — the information below), prefilled from the
 * screening evidence copied onto its list entry (issue 6 item 2). Every section lists only what the
 * evidence names; the enterprise completes the blanks (`dischargeMode`, hazardous waste, energy
 * types) before it discloses.
 *
 * - `exceedances` (双超, art. 8 (1)): pollutant, outlet, measured and limit concentration in
 *   `unit`, `exceedanceRatio` = measured / limit − 1 (0.25 = 25 % over), `dischargeMode` to fill;
 * - `quotas` (双超, total-quantity control): pollutant, year, actual and quota discharge in t,
 *   `excessT` = actual − quota (t);
 * - `toxicRawMaterials` / `toxicSubstancesDischarged` (双有, art. 8 (2)): substance, CAS number,
 *   quantity and unit as declared; `hazardousWaste` to fill;
 * - `energy` (高耗能, art. 8 (3)): product, output, comprehensive energy (tce), energy per unit
 *   (kgce per unit of product), the limit and its standard, `excessRatio` = per-unit / limit − 1;
 *   `energyTypes` to fill (e.g. 电力, 原煤, 天然气 with quantities).
 */
export interface DisclosureForm {
  exceedances: { pollutant: string; outletCode: string; monitoredOn: string; measuredValue: number; limitValue: number; unit: string; exceedanceRatio: number; dischargeMode: string }[];
  quotas: { pollutant: string; year: number; actualT: number; quotaT: number; excessT: number }[];
  toxicRawMaterials: { substanceName: string; casNo: string | null; quantity: number | null; unit: string | null }[];
  toxicSubstancesDischarged: { substanceName: string; casNo: string | null; quantity: number | null; unit: string | null }[];
  hazardousWaste: { name: string; code: string; quantityT: number | null; disposal: string }[];
  energy: {
    productName: string;
    year: number;
    output: number;
    outputUnit: string;
    comprehensiveEnergyTce: number | null;
    energyPerUnitKgce: number;
    limitKgcePerUnit: number;
    limitStandard: string | null;
    excessRatio: number;
  }[];
  energyTypes: { type: string; quantity: number | null; unit: string }[];
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Prefills the {@link DisclosureForm} from a list entry's evidence `{ [criterion]: ScreeningEvidence[] }`
 * (as copied by the lists module). Unknown evidence kinds are ignored; duplicates kept (one row per
 * record). Ratios are rounded to 4 decimals.
 *
 * Example: `{ exceedsStandard: [{ kind: 'exceedance', pollutant: 'COD', measuredValue: 125,
 * limitValue: 100, unit: 'mg/L', … }] }` → `exceedances: [{ pollutant: 'COD', exceedanceRatio: 0.25,
 * dischargeMode: '', … }]`, the other sections empty.
 *
 * @param evidence the entry's evidence object (any JSON; non-arrays ignored)
 */
export function prefillDisclosure(evidence: unknown): DisclosureForm {
  const form: DisclosureForm = { exceedances: [], quotas: [], toxicRawMaterials: [], toxicSubstancesDischarged: [], hazardousWaste: [], energy: [], energyTypes: [] };
  if (typeof evidence !== 'object' || evidence === null) return form;
  for (const list of Object.values(evidence as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const e of list as ScreeningEvidence[]) {
      switch (e?.kind) {
        case 'exceedance':
        case 'hazardousExceedance': {
          const x = e as ExceedanceEvidence | HazardousExceedanceEvidence;
          form.exceedances.push({
            pollutant: x.pollutant,
            outletCode: x.outletCode,
            monitoredOn: x.monitoredOn,
            measuredValue: x.measuredValue,
            limitValue: x.limitValue,
            unit: x.unit,
            exceedanceRatio: x.limitValue > 0 ? round4(x.measuredValue / x.limitValue - 1) : 0,
            dischargeMode: '',
          });
          if (e.kind === 'hazardousExceedance') form.toxicSubstancesDischarged.push({ substanceName: x.pollutant, casNo: null, quantity: null, unit: null });
          break;
        }
        case 'quota': {
          const q = e as QuotaEvidence;
          form.quotas.push({ pollutant: q.pollutant, year: q.year, actualT: q.actualT, quotaT: q.quotaT, excessT: round4(q.actualT - q.quotaT) });
          break;
        }
        case 'hazardous': {
          const h = e as HazardousEvidence;
          const row = { substanceName: h.substanceName, casNo: h.casNo, quantity: h.quantity, unit: h.unit };
          (h.category === 'use' ? form.toxicRawMaterials : form.toxicSubstancesDischarged).push(row);
          break;
        }
        case 'energy': {
          const en = e as EnergyEvidence;
          form.energy.push({
            productName: en.productName,
            year: en.year,
            output: en.output,
            outputUnit: en.outputUnit,
            comprehensiveEnergyTce: en.comprehensiveEnergyTce,
            energyPerUnitKgce: en.energyPerUnitKgce,
            limitKgcePerUnit: en.limitKgcePerUnit,
            limitStandard: en.limitStandard,
            excessRatio: en.limitKgcePerUnit > 0 ? round4(en.energyPerUnitKgce / en.limitKgcePerUnit - 1) : 0,
          });
          break;
        }
        default:
          break;
      }
    }
  }
  return form;
}
