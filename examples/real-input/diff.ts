/**
 * The comparison of the real-input example: readable differences between the expected and the
 * actual figures, one line per differing leaf (`path: expected … got …`). Keys starting with `_`
 * are comments of expected.json and are ignored on both sides.
 */

/** Readable differences between two JSON values (`path: expected … got …`), empty when equal. */
export function diff(exp: unknown, got: unknown, at = ''): string[] {
  if (exp !== null && got !== null && typeof exp === 'object' && typeof got === 'object') {
    if (Array.isArray(exp) !== Array.isArray(got)) return [`${at || '(root)'}: expected ${JSON.stringify(exp)}\n    got      ${JSON.stringify(got)}`];
    const keys = Array.isArray(exp) ? [...Array(Math.max(exp.length, (got as unknown[]).length)).keys()].map(String) : [...new Set([...Object.keys(exp), ...Object.keys(got)])].filter((k) => !k.startsWith('_'));
    return keys.flatMap((k) => {
      const p = Array.isArray(exp) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
      const e = (exp as Record<string, unknown>)[k];
      const g = (got as Record<string, unknown>)[k];
      if (e === undefined) return [`${p}: not expected, got ${JSON.stringify(g)}`];
      if (g === undefined) return [`${p}: expected ${JSON.stringify(e)}, missing`];
      return diff(e, g, p);
    });
  }
  return exp === got ? [] : [`${at || '(root)'}: expected ${JSON.stringify(exp)}\n    got      ${JSON.stringify(got)}`];
}
