/**
 * Regenerates apps/web/src/assets/maps/guangxi-paths.json, the SVG the dashboard map draws, from the
 * vendored GeoJSON guangxi.json (ECharts 4.9, see that folder's README): decoded, projected into a
 * 600-unit-wide viewBox and simplified (Douglas–Peucker, 0.6 units, under a pixel at the map's
 * size). Shipping the paths instead of the GeoJSON keeps ~19 KB gzipped off the dashboard (bench web).
 *
 *   npx tsx scripts/map-paths.ts
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectFeatures } from '../apps/web/src/lib/geo.ts';

const dir = fileURLToPath(new URL('../apps/web/src/assets/maps/', import.meta.url));
const source = JSON.parse(fs.readFileSync(`${dir}guangxi.json`, 'utf8')) as unknown;
const map = projectFeatures(source, 600, 0.6);
const round = (x: number) => Math.round(x * 10) / 10;
const out = { source: 'guangxi.json (echarts@4.9.0), scripts/map-paths.ts', width: map.width, height: map.height, shapes: map.shapes.map((s) => ({ ...s, labelX: round(s.labelX), labelY: round(s.labelY) })) };
fs.writeFileSync(`${dir}guangxi-paths.json`, `${JSON.stringify(out)}\n`);
process.stdout.write(`${map.shapes.length} shapes, ${fs.statSync(`${dir}guangxi-paths.json`).size} bytes\n`);
