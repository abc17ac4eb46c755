/**
 * The C allocator setting `serve` is started with (`npm start`, deploy/zhsearch.service,
 * deploy/Dockerfile; scripts/server-process.ts for the measuring scripts). It must be in
 * the environment when the process starts, so it cannot be set from here.
 *
 * glibc's malloc serves a large allocation (an ArrayBuffer, a compiler's working memory)
 * with a mapping of its own, returned when freed; but each time one is freed it raises
 * the size from which it does so, up to 32 MB, and from then on such allocations come
 * from its heaps, where what is freed mostly stays. A server loading an index and then
 * answering varied queries ended up holding 30 MB more that way: 100,000 posts, one search
 * thread, in use, 358-359 MB by default and 327-328 MB with this fixed at 1 MB (which
 * also stops the raising). Searches were no slower in the same runs (docs/reliability.md).
 */
export const SERVING_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=1048576';
