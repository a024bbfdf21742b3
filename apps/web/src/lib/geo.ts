/**
 * The vendored map of Guangxi (src/assets/maps/guangxi.json, ECharts 4.9 compressed GeoJSON) turned
 * into SVG paths, so the dashboard draws its map without loading ECharts (~200 KB gzipped; bench web).
 */

/** A ring of [longitude, latitude] points, degrees. */
type Ring = [number, number][];

interface CompressedFeature {
  id: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] } | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
}

/** A city of the map: GB/T 2260 code, name, SVG path in the map's viewBox, label point. */
export interface MapShape {
  code: string;
  name: string;
  path: string;
  labelX: number;
  labelY: number;
}

/**
 * Decodes one ring of ECharts' `UTF8Encoding` (zig-zag, delta-coded characters, scale 1024),
 * as echarts/lib/coord/geo/parseGeoJson.js does.
 */
export function decodeRing(encoded: string, offset: [number, number], scale = 1024): Ring {
  const out: Ring = [];
  let px = offset[0];
  let py = offset[1];
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    out.push([px / scale, py / scale]);
  }
  return out;
}

/**
 * Projects the features into a `width`-wide viewBox: longitude scaled by cos(mean latitude)
 * (equirectangular, enough for one province), north up. Returns the shapes and the viewBox height.
 */
export function projectFeatures(collection: unknown, width = 600, tolerance = 0): { shapes: MapShape[]; width: number; height: number } {
  const features = (collection as { features: CompressedFeature[] }).features;
  const polygons = features.map((f) =>
    f.geometry.type === 'Polygon'
      ? [f.geometry.coordinates.map((r, i) => decodeRing(r, f.geometry.encodeOffsets[i] as [number, number]))]
      : (f.geometry.coordinates as string[][]).map((poly, p) => poly.map((r, i) => decodeRing(r, (f.geometry.encodeOffsets as [number, number][][])[p]![i]!))),
  );
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const poly of polygons) for (const rings of poly) for (const ring of rings) for (const [x, y] of ring) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = width / ((maxX - minX) * k);
  const px = (x: number) => (x - minX) * k * scale;
  const py = (y: number) => (maxY - y) * scale;
  const shapes = features.map((f, i) => {
    const path = polygons[i]!
      .flatMap((rings) => rings.map((ring) => simplify(ring.map(([x, y]): [number, number] => [px(x), py(y)]), tolerance)))
      .filter((ring) => ring.length >= 3)
      .map(pathOf)
      .join('');
    const cp = f.properties.cp ?? centre(polygons[i]![0]![0]!);
    return { code: f.id, name: f.properties.name, path, labelX: px(cp[0]), labelY: py(cp[1]) };
  });
  return { shapes, width, height: Math.ceil((maxY - minY) * scale) };
}

/** An SVG path of a ring: absolute start, then relative steps on a 0.1-unit grid (compresses well). */
function pathOf(ring: Ring): string {
  const q = ring.map(([x, y]) => [Math.round(x * 10), Math.round(y * 10)] as const);
  const steps: string[] = [];
  for (let i = 1; i < q.length; i++) {
    const dx = q[i]![0] - q[i - 1]![0];
    const dy = q[i]![1] - q[i - 1]![1];
    if (dx !== 0 || dy !== 0) steps.push(`${dx / 10} ${dy / 10}`);
  }
  return `M${q[0]![0] / 10} ${q[0]![1] / 10}l${steps.join(' ')}z`;
}

/**
 * Douglas–Peucker: drops the points of `ring` (viewBox units) closer than `tolerance` to the line
 * between the points kept around them; 0 keeps every point.
 */
export function simplify(ring: Ring, tolerance: number): Ring {
  if (tolerance <= 0 || ring.length < 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = ring[a]!;
    const [bx, by] = ring[b]!;
    const len = Math.hypot(bx - ax, by - ay);
    let far = -1;
    let dist = tolerance;
    for (let i = a + 1; i < b; i++) {
      const [x, y] = ring[i]!;
      const d = len === 0 ? Math.hypot(x - ax, y - ay) : Math.abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / len;
      if (d > dist) {
        dist = d;
        far = i;
      }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return ring.filter((_, i) => keep[i] === 1);
}

function centre(ring: Ring): [number, number] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

/** Linear colour scale: `t` in 0–1 over the `stops` (hex #rrggbb), returned as #rrggbb. */
export function colourAt(stops: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = parseInt(stops[i]!.slice(1), 16);
  const b = parseInt(stops[i + 1]!.slice(1), 16);
  const mix = (s: number) => Math.round(((a >> s) & 255) * (1 - f) + ((b >> s) & 255) * f);
  return `#${((mix(16) << 16) | (mix(8) << 8) | mix(0)).toString(16).padStart(6, '0')}`;
}
