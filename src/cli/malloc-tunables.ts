/**
 * The C allocator settings (glibc tunables) the project starts its processes with. They
 * must be in the environment when a process starts, so they cannot be set from here.
 */

/**
 * The C allocator setting `serve` is started with (`npm start`, deploy/zhsearch.service,
 * deploy/Dockerfile; scripts/server-process.ts for the measuring scripts).
 *
 * glibc's malloc serves a large allocation (an ArrayBuffer, a compiler's working memory)
 * with a mapping of its own, returned when freed; but each time one is freed it raises
 * the size from which it does so, up to 32 MB, and from then on such allocations come
 * from its heaps, where what is freed mostly stays. A server loading an index and then
 * answering varied queries ended up holding 30 MB more that way: 100,000 posts, one search
 * thread, in use, 358-359 MB by default and 327-328 MB with this fixed at 1 MB (which
 * also stops the raising). Searches were no slower in the same runs (docs/reliability.md).
 *
 * `hugetlb=1` asks the kernel for transparent huge pages for those mappings (where it
 * gives them on request, as Debian's default `madvise` does): an index is read into
 * fresh memory, and on a virtual machine each 4 KB page's first touch costs a fault. A
 * server of 1,000,000 posts answered 5.0 s after its start instead of 7.2 s, of 13,607
 * posts 1.7 s instead of 2.1-2.3 s, with the same memory in use (1,124 and 1,122 MB;
 * 13,607 posts 232-237 and 222-229 MB; 100,000 posts 312-317 and 317-332 MB).
 */
export const SERVING_GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=1048576:glibc.malloc.hugetlb=1';

/**
 * The C allocator setting `npm run reindex` is started with (and the bench's builds):
 * transparent huge pages for malloc's large mappings, as for serving, without the fixed
 * mmap threshold, which made builds slower. A build fills fresh memory as fast as it can
 * (jieba's dictionary, parsed posts, the index it writes), and on a virtual machine each
 * 4 KB page's first touch is a fault. Measured in turns here: 13,607 posts 3.02-3.93 s
 * against 3.34-3.96 s and a tenth less CPU (4 builds each), 100,000 posts 10.1-11.6 s
 * against 10.6-16.2 s (3 each), 1,000,000 posts 60.4 s against 68.3 s (one each) with the
 * same peak memory (2.27 GB).
 */
export const BUILD_GLIBC_TUNABLES = 'glibc.malloc.hugetlb=1';
