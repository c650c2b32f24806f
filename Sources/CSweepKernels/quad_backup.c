// The vector form of QuadShape.backUp (Sources/BellmanCore/Solvers/DP/Backups.swift) for
// CPUs with AVX2, chosen at run time so that the portable build uses them where they exist.
// No fused multiply-adds: each product and sum is rounded as the Swift code rounds it.
#pragma STDC FP_CONTRACT OFF

#include "CSweepKernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx2")))
static long quad_avx2(const double *read, double *write, long lo, long hi, const long offsets[4],
                      const double rewards[4], double gamma, double p_aim, double p_perp,
                      int slipping, int mean, double *change) {
    const long o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3];
    const __m256d r0 = _mm256_set1_pd(rewards[0]), r1 = _mm256_set1_pd(rewards[1]);
    const __m256d r2 = _mm256_set1_pd(rewards[2]), r3 = _mm256_set1_pd(rewards[3]);
    const __m256d g = _mm256_set1_pd(gamma), aim = _mm256_set1_pd(p_aim), perp = _mm256_set1_pd(p_perp);
    const __m256d quarter_divisor = _mm256_set1_pd(4.0);
    __m256d rise = _mm256_setzero_pd(), fall = _mm256_setzero_pd();
    long s = lo;
    for (; s + 4 <= hi; s += 4) {
        __m256d u0 = _mm256_add_pd(r0, _mm256_mul_pd(g, _mm256_loadu_pd(read + s + o0)));
        __m256d u1 = _mm256_add_pd(r1, _mm256_mul_pd(g, _mm256_loadu_pd(read + s + o1)));
        __m256d u2 = _mm256_add_pd(r2, _mm256_mul_pd(g, _mm256_loadu_pd(read + s + o2)));
        __m256d u3 = _mm256_add_pd(r3, _mm256_mul_pd(g, _mm256_loadu_pd(read + s + o3)));
        __m256d q0 = _mm256_mul_pd(aim, u0), q1 = _mm256_mul_pd(aim, u1);
        __m256d q2 = _mm256_mul_pd(aim, u2), q3 = _mm256_mul_pd(aim, u3);
        if (slipping) {
            __m256d b0 = _mm256_mul_pd(perp, u0), b1 = _mm256_mul_pd(perp, u1);
            __m256d b2 = _mm256_mul_pd(perp, u2), b3 = _mm256_mul_pd(perp, u3);
            q0 = _mm256_add_pd(_mm256_add_pd(q0, b1), b3);
            q1 = _mm256_add_pd(_mm256_add_pd(q1, b2), b0);
            q2 = _mm256_add_pd(_mm256_add_pd(q2, b3), b1);
            q3 = _mm256_add_pd(_mm256_add_pd(q3, b0), b2);
        }
        __m256d v;
        if (mean) {
            v = _mm256_div_pd(_mm256_add_pd(_mm256_add_pd(_mm256_add_pd(q0, q1), q2), q3), quarter_divisor);
        } else {
            // max_pd(a, b) is a > b ? a : b, Swift's greater(a, b).
            v = _mm256_max_pd(q3, _mm256_max_pd(q2, _mm256_max_pd(q1, q0)));
        }
        __m256d delta = _mm256_sub_pd(_mm256_loadu_pd(read + s), v);
        rise = _mm256_max_pd(delta, rise);
        fall = _mm256_min_pd(delta, fall);
        _mm256_storeu_pd(write + s, v);
    }
    double up[4], down[4];
    _mm256_storeu_pd(up, rise);
    _mm256_storeu_pd(down, fall);
    double largest = 0;
    for (int i = 0; i < 4; i++) {
        if (up[i] > largest) largest = up[i];
        if (-down[i] > largest) largest = -down[i];
    }
    *change = largest;
    return s;
}
#endif

long bellman_quad_backup(const double *read, double *write, long lo, long hi,
                         const long offsets[4], const double rewards[4], double gamma,
                         double p_aim, double p_perp, int slipping, int mean, double *change) {
    *change = 0;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    // Reads what the runtime's constructor found out about the CPU: once per run, not per state.
    if (__builtin_cpu_supports("avx2")) {
        return quad_avx2(read, write, lo, hi, offsets, rewards, gamma, p_aim, p_perp, slipping, mean, change);
    }
#endif
    return lo;
}
