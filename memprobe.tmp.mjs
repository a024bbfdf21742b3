import ExcelJS from 'exceljs';
const file = process.argv[2];
let peak = {}; let n = 0;
const t = setInterval(() => { const m = process.memoryUsage(); for (const k of Object.keys(m)) peak[k] = Math.max(peak[k] ?? 0, m[k]); if ((n++ % 5) === 0) console.log(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k,v]) => [k, Math.round(v/1048576)])))); }, 1000);
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
let rows = 0;
for await (const sheet of reader) for await (const row of sheet) rows++;
clearInterval(t);
console.log('rows', rows, 'peak', JSON.stringify(Object.fromEntries(Object.entries(peak).map(([k,v]) => [k, Math.round(v/1048576)]))));
