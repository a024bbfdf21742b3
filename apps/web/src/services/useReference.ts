/** Cached reference data (divisions, key industries) and the user's slice of the division tree. */
import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Division, KeyIndustry, Me } from '@cpaudit/contracts';
import { fetchDivisions, fetchKeyIndustries } from './reference.ts';

export function useDivisions() {
  return useQuery({ queryKey: ['divisions'], queryFn: ({ signal }) => fetchDivisions(signal), staleTime: 10 * 60_000 });
}

export function useKeyIndustries() {
  return useQuery({ queryKey: ['key-industries'], queryFn: ({ signal }) => fetchKeyIndustries(signal), staleTime: 10 * 60_000 });
}

/**
 * The label of a key-industry key. In Chinese, the catalogue's name (key_industries.name_zh, from
 * refdata/industry_gb4754_mapping.csv, which follows the Guangxi plan: 有色, 废铅蓄电池 — the same
 * names as 附件2 and the dashboard); in another language, the translation of the 13 plan industries,
 * else the catalogue's name.
 */
export function useKeyIndustryLabel(): (key: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  const { data } = useKeyIndustries();
  const names = useMemo(() => new Map((data ?? []).map((k: KeyIndustry) => [k.key, k.nameZh])), [data]);
  const zh = i18n.language.startsWith('zh');
  return useCallback(
    (key) => {
      if (!key) return t('keyIndustries.none');
      const catalogue = names.get(key);
      return zh && catalogue ? catalogue : t(`keyIndustries.${key}`, { defaultValue: catalogue ?? key });
    },
    [t, names, zh],
  );
}

export interface AreaDivisions {
  /** Cities the user may choose (all for a region user; their own city otherwise). */
  cities: Division[];
  countiesOf(cityCode: string | undefined): Division[];
  /** Set when the user's area fixes the city (city and county users). */
  fixedCity: string | undefined;
  /** Set when the user's area fixes the county (county users). */
  fixedCounty: string | undefined;
  nameOf(code: string | null | undefined): string;
  /** `[city, county]` of a county code, for cascaders. */
  pathOf(countyCode: string | null | undefined): string[] | undefined;
  /** Cascader options city → counties within the area. */
  cascader: { value: string; label: string; children: { value: string; label: string }[] }[];
  isPending: boolean;
}

/** The division tree limited to the user's area (the server filters the data again). */
export function useAreaDivisions(me: Pick<Me, 'area'>): AreaDivisions {
  const query = useDivisions();
  return useMemo(() => {
    const list = query.data ?? [];
    const byCode = new Map(list.map((d) => [d.code, d]));
    const area = me.area;
    const areaDivision = byCode.get(area.divisionCode);
    let fixedCity: string | undefined;
    let fixedCounty: string | undefined;
    if (area.level === 'city') fixedCity = area.divisionCode;
    if (area.level === 'county') {
      fixedCounty = area.divisionCode;
      fixedCity = areaDivision?.parentCode ?? `${area.divisionCode.slice(0, 4)}00`;
    }
    const cities = list
      .filter((d) => d.level === 'city' && (fixedCity === undefined || d.code === fixedCity))
      .sort((a, b) => a.code.localeCompare(b.code));
    const countiesOf = (cityCode: string | undefined) =>
      cityCode
        ? list
            .filter((d) => d.level === 'county' && d.parentCode === cityCode && (fixedCounty === undefined || d.code === fixedCounty))
            .sort((a, b) => a.code.localeCompare(b.code))
        : [];
    return {
      cities,
      countiesOf,
      fixedCity,
      fixedCounty,
      nameOf: (code) => (code ? (byCode.get(code)?.name ?? code) : ''),
      pathOf: (code) => {
        const d = code ? byCode.get(code) : undefined;
        return d && d.level === 'county' && d.parentCode ? [d.parentCode, d.code] : undefined;
      },
      cascader: cities.map((c) => ({
        value: c.code,
        label: c.name,
        children: countiesOf(c.code).map((k) => ({ value: k.code, label: k.name })),
      })),
      isPending: query.isPending,
    };
  }, [query.data, query.isPending, me.area]);
}
