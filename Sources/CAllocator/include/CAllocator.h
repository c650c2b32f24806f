#ifndef BELLMAN_ALLOCATOR_H
#define BELLMAN_ALLOCATOR_H

/// Asks the C allocator to keep the memory a process frees for its own reuse rather than
/// return it to the system at once: glibc gives back the top of a heap as soon as more than
/// 128 KB of it is free, and a study that makes and frees the same arrays run after run
/// then faults the same pages in again thousands of times (on two threads, each fault waits
/// for the other's: Figure 2.2 spent a third of its time in the kernel). Freed memory above
/// `trim_bytes` at a heap's top still goes back; allocations up to `direct_bytes` come from
/// the heaps, larger ones straight from the system. Returns 1 where it was done (glibc),
/// 0 elsewhere (the system's allocator is left as it is).
int bellman_keep_freed_memory(unsigned long trim_bytes, unsigned long direct_bytes);

#endif
