/**
 * Heap limit of `cpaudit import` (issue 3: an import's peak RSS stays under 300 MB).
 *
 * V8's default old-space limit on a 64-bit machine is a few GB, and with that much room it collects
 * late: a 100,000-row import peaks at about 400 MB RSS, mostly garbage not yet collected, though
 * what is alive at any time is far smaller (rows are parsed, staged and dropped in batches of 1,000).
 * With `--max-old-space-size=192` the same import peaks at about 240-255 MB on PostgreSQL in about
 * the same time (bench/import.ts, variant product192), so `import` re-runs itself with that limit.
 * A limit set by the caller (NODE_OPTIONS or a node flag) is kept as it is.
 */

/** The old-space limit, in MB, given to `cpaudit import` when the caller set none. */
export const IMPORT_HEAP_MB = 192;

/**
 * The node arguments to re-run the CLI with, or null when no re-run is needed.
 * @param {string[]} argv process.argv (node, script, command, …)
 * @param {string[]} execArgv process.execArgv (node flags of this process)
 * @param {string | undefined} nodeOptions process.env.NODE_OPTIONS
 * @returns {string[] | null} `[...execArgv, '--max-old-space-size=192', script, …args]` for
 *   `import` without a heap limit; null for other commands or when a limit is already set.
 */
export function importHeapArgs(argv, execArgv, nodeOptions) {
  const [, script, command, ...rest] = argv;
  if (command !== 'import' || !script) return null;
  const flag = /(^|\s)--max[-_]old[-_]space[-_]size[=\s]/;
  if (execArgv.some((a) => flag.test(` ${a} `)) || flag.test(` ${nodeOptions ?? ''} `)) return null;
  return [...execArgv, `--max-old-space-size=${IMPORT_HEAP_MB}`, script, command, ...rest];
}
