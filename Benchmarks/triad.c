/* The triad of STREAM, to set W1 against the machine's bandwidth (docs/performance.md,
   "W1 and the memory"): gcc -O3 -march=native -fopenmp triad.c -o triad;
   OMP_NUM_THREADS=1 ./triad 20000000 10 (memory), ./triad 1000000 50 (cache). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  long n=atol(argv[1]); int reps=atoi(argv[2]);
  double *a=malloc(n*8),*b=malloc(n*8),*c=malloc(n*8);
  #pragma omp parallel for
  for(long i=0;i<n;i++){a[i]=1;b[i]=2;c[i]=3;}
  double best=1e9;
  for(int r=0;r<reps;r++){double t0=now();
    #pragma omp parallel for
    for(long i=0;i<n;i++) a[i]=b[i]+3.0*c[i];
    double dt=now()-t0; if(dt<best)best=dt;}
  printf("n=%ld threads=%d triad %.1f GB/s (24 bytes/element counted)\n",n,omp_get_max_threads(),24.0*n/best/1e9);
  return (int)a[7];
}
