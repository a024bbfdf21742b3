/**
 * The five import kinds of issue 3 §4, by name.
 */
import type { ImportKind } from '@cpaudit/contracts';
import { energySpec } from './energy.ts';
import { enterprisesSpec } from './enterprises.ts';
import { exceedancesSpec } from './exceedances.ts';
import { hazardousSpec } from './hazardous.ts';
import { quotasSpec } from './quotas.ts';
import type { KindSpec } from './spec.ts';

/** Columns and validator of each kind. */
export const kindSpecs: { readonly [K in ImportKind]: KindSpec<K> } = {
  enterprises: enterprisesSpec,
  exceedances: exceedancesSpec,
  quotas: quotasSpec,
  hazardous: hazardousSpec,
  energy: energySpec,
};

export type { ColumnSpec, ImportReference, KindSpec } from './spec.ts';
