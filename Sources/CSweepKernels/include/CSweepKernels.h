#ifndef BELLMAN_SWEEP_KERNELS_H
#define BELLMAN_SWEEP_KERNELS_H

/// One synchronous stencil run of a four-direction grid (N, E, S, W), backed up with the
/// widest vectors this CPU has (chosen at run time; the portable build's Swift code has only
/// SSE2's two doubles). The arithmetic is `QuadShape.backUp`'s, operation for operation and
/// without fused multiply-adds, so every value is bit-identical to it.
///
/// For s = lo, lo + 4, ... while s + 4 <= hi: u_d = rewards[d] + gamma * read[s + offsets[d]];
/// q_a = p_aim * u_a (+ p_perp * u_(a+1) + p_perp * u_(a+3) when slipping); the new value is
/// max_a q_a (or the mean when `mean`), written to write[s]. Returns the first state not
/// backed up (the caller does the rest) and stores the largest |read[s] - new| in *change.
/// Returns `lo` when the CPU has no such vectors.
long bellman_quad_backup(const double *read, double *write, long lo, long hi,
                         const long offsets[4], const double rewards[4], double gamma,
                         double p_aim, double p_perp, int slipping, int mean, double *change);

#endif
