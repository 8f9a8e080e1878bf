/* rng.h — a small, fast, reproducible random generator (xoshiro256**) seeded per cell. */
#ifndef DRYTEX_RNG_H
#define DRYTEX_RNG_H

#include <stdint.h>

/* The whole state lives in the struct: no globals, so two threads never share a stream. */
typedef struct {
    uint64_t s[4];
} rng_state;

/* Seeds from (run seed, stream index) — e.g. (--seed, cell index) — through splitmix64, so a
 * cell's draws never depend on thread count, tile order or MPI rank. */
void rng_seed(rng_state *rng, uint64_t run_seed, uint64_t stream);

uint64_t rng_next(rng_state *rng);           /* 64 random bits */
double rng_uniform(rng_state *rng);           /* uniform in [0, 1), 53-bit resolution */
double rng_uniform_range(rng_state *rng, double low, double high); /* uniform in [low, high) */
double rng_normal(rng_state *rng);            /* standard normal (Marsaglia polar method) */
uint64_t rng_below(rng_state *rng, uint64_t bound); /* uniform integer in [0, bound), bound > 0 */

#endif
