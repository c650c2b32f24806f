#include "CAllocator.h"
#include <limits.h>   /* also says which C library this is (__GLIBC__) */

#if defined(__GLIBC__)
#include <malloc.h>

int bellman_keep_freed_memory(unsigned long trim_bytes, unsigned long direct_bytes) {
    if (trim_bytes > INT_MAX || direct_bytes > INT_MAX) return 0;
    return mallopt(M_TRIM_THRESHOLD, (int)trim_bytes) == 1 && mallopt(M_MMAP_THRESHOLD, (int)direct_bytes) == 1;
}
#else
int bellman_keep_freed_memory(unsigned long trim_bytes, unsigned long direct_bytes) {
    (void)trim_bytes;
    (void)direct_bytes;
    return 0;
}
#endif
