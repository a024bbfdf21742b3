/** Types of heap-limit.mjs (plain JavaScript: it runs before tsx is registered). */
export declare const IMPORT_HEAP_MB: number;
export declare function importHeapArgs(argv: readonly string[], execArgv: readonly string[], nodeOptions: string | undefined): string[] | null;
export declare const RETRY_HEAP_MB: number;
export declare function ranOutOfHeap(status: number | null, signal: string | null): boolean;
export declare function retryHeapArgs(heapArgs: readonly string[]): string[];
