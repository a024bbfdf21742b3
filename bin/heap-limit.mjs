/**
 * Heap limit of `cpaudit import` (issue 3: an import's peak RSS stays under 300 MB).
 *
 * V8's default old-space limit on a 64-bit machine is a few GB, and with that much room it collects
 * late: a 100,000-row import peaks at about 400 MB RSS, mostly garbage not yet collected, though
 * what is alive at any time is far smaller (rows are parsed, staged and dropped in batches of 1,000).
 * With `--max-old-space-size=192` the same import peaks at about 240-255 MB on PostgreSQL in about
 * the same time (bench/import.ts, variant product192), so `import` re-runs itself with that limit.
 * A limit set by the caller (NODE_OPTIONS or a node flag) is kept as it is.
 *
 * The cap is for the common case; it must not make a valid file fail. A workbook saved by Excel or
 * WPS keeps its text in a shared-strings table that the reader holds in the heap (about 2-5 strings
 * per row), so a file of several hundred thousand rows may need more than 192 MB. An import is
 * all-or-nothing and idempotent, so when the capped run dies of heap exhaustion (V8 aborts:
 * SIGABRT) nothing was changed and `cpaudit import` runs it again with {@link RETRY_HEAP_MB}
 * (`ranOutOfHeap`, `retryHeapArgs`).
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

/** The old-space limit, in MB, of the second run after the capped one ran out of heap. */
export const RETRY_HEAP_MB = 4096;

/**
 * Whether a child ended the way V8 ends when its heap limit is reached ("FATAL ERROR: Reached heap
 * limit", then abort()): killed by SIGABRT, or exit status 134 (128 + 6) where a shell reports it.
 * @param {number | null} status exit status of the child
 * @param {string | null} signal signal that ended it
 * @returns {boolean}
 */
export function ranOutOfHeap(status, signal) {
  return signal === 'SIGABRT' || status === 134;
}

/**
 * The arguments of the second run: those of the capped run with {@link RETRY_HEAP_MB} instead.
 * @param {string[]} heapArgs what {@link importHeapArgs} returned
 * @returns {string[]}
 */
export function retryHeapArgs(heapArgs) {
  return heapArgs.map((a) => (a === `--max-old-space-size=${IMPORT_HEAP_MB}` ? `--max-old-space-size=${RETRY_HEAP_MB}` : a));
}
