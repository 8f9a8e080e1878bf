/* test_job_mpi.c — the job engine on MPI ranks, run by tests/cli/mpi.sh under mpirun -n 3: every
 * rank's results reach rank 0 identical to one process's; a failure during the run on rank 1,
 * or a stop raised on the last rank, ends every rank with the same status (and the
 * failing rank named); resume uses rank 0's done flags; a job without a job_transfer is refused.
 * Each rank checks what it sees; the exit status is 0 only when every check passed. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "job_mpi.h"
#include "rng.h"

enum { ROWS = 37, COLS = 29, TILE = 4, TILES = 10 * 8 };

typedef struct {
    double output[ROWS * COLS];
    unsigned char done[TILES];
    int writes;
    size_t fail_at_tile;           /* SIZE_MAX: never */
    int fail_rank;                 /* the rank on which fail_at_tile fails */
    int rank;
    volatile sig_atomic_t stop;
    size_t stop_after;             /* raise stop after computing this many tiles (this rank) */
    atomic_size_t computed;
    size_t last_total;             /* the last progress report's total */
} toy_job;

typedef struct {
    double values[TILE * TILE];
} toy_worker;

static int failures;

static void check(int rank, int ok, const char *what)
{
    if (ok) return;
    failures++;
    fprintf(stderr, "FAIL (rank %d): %s\n", rank, what);
}

static void *toy_worker_create(void *job)
{
    (void)job;
    return calloc(1, sizeof(toy_worker));
}

static int toy_compute(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    toy_job *j = job;
    toy_worker *w = worker;
    if (tile->index == j->fail_at_tile && j->rank == j->fail_rank)
        return dt_error_set(err, DT_ERR_VALUE, "tile %zu: made-up failure", tile->index);
    for (size_t r = 0; r < tile->nrows; r++)
        for (size_t c = 0; c < tile->ncols; c++) {
            rng_state rng;
            rng_seed(&rng, 7, (tile->row0 + r) * COLS + tile->col0 + c);
            w->values[r * tile->ncols + c] = rng_normal(&rng);
        }
    if (atomic_fetch_add(&j->computed, 1) + 1 >= j->stop_after) j->stop = 1;
    return DT_OK;
}

static int toy_write(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    (void)err;
    toy_job *j = job;
    toy_worker *w = worker;
    for (size_t r = 0; r < tile->nrows; r++)
        for (size_t c = 0; c < tile->ncols; c++)
            j->output[(tile->row0 + r) * COLS + tile->col0 + c] = w->values[r * tile->ncols + c];
    j->writes++;
    return DT_OK;
}

static int toy_mark_done(void *job, const job_tile *tile, dt_error *err)
{
    (void)err;
    ((toy_job *)job)->done[tile->index] = 1;
    return DT_OK;
}

static int toy_pack(void *job, void *worker, const job_tile *tile, void **data, size_t *size, dt_error *err)
{
    (void)job, (void)err;
    *size = tile->nrows * tile->ncols * sizeof(double);
    *data = malloc(*size);
    memcpy(*data, ((toy_worker *)worker)->values, *size);
    return DT_OK;
}

static int toy_unpack(void *job, void *worker, const job_tile *tile, const void *data, size_t size, dt_error *err)
{
    (void)job;
    if (size != tile->nrows * tile->ncols * sizeof(double))
        return dt_error_set(err, DT_ERR_FORMAT, "tile %zu: %zu bytes", tile->index, size);
    memcpy(((toy_worker *)worker)->values, data, size);
    return DT_OK;
}

static void toy_progress(size_t done, size_t total, void *context)
{
    (void)done;
    ((toy_job *)context)->last_total = total;
}

static const job_callbacks toy = {toy_worker_create, free, NULL, toy_compute, toy_write, toy_mark_done};
static const job_transfer toy_transfer = {toy_pack, toy_unpack};

static toy_job *new_job(int rank)
{
    toy_job *j = calloc(1, sizeof *j);
    atomic_init(&j->computed, 0);
    j->fail_at_tile = SIZE_MAX;
    j->stop_after = SIZE_MAX;
    j->rank = rank;
    return j;
}

static int run_job(toy_job *j, job_group *group, int resume, int transfer, dt_error *err)
{
    job_config config;
    job_default_config(&config, ROWS, COLS);
    config.tile_rows = config.tile_cols = TILE;
    config.threads = 2;
    config.group = group;
    config.transfer = transfer ? &toy_transfer : NULL;
    config.name = "toy";
    config.stop = &j->stop;
    config.done = resume ? j->done : NULL;
    config.progress = toy_progress;
    config.progress_context = j;
    dt_error_clear(err);
    return job_run(&config, &toy, j, NULL, err);
}

static void test_results_reach_rank_0(job_group *group, int rank, const toy_job *alone)
{
    toy_job *j = new_job(rank);
    dt_error err;
    check(rank, run_job(j, group, 0, 1, &err) == DT_OK, "3 ranks: status");
    if (rank == 0) {
        check(rank, memcmp(j->output, alone->output, sizeof j->output) == 0, "3 ranks: output differs from one process's");
        check(rank, j->writes == TILES, "3 ranks: rank 0 did not write every tile once");
        check(rank, j->last_total == TILES, "3 ranks: progress does not count every rank's tiles");
    } else {
        check(rank, j->writes == 0, "3 ranks: a rank other than 0 wrote");
    }
    free(j);
}

static void test_failure_on_rank_1(job_group *group, int rank, int ranks)
{
    toy_job *j = new_job(rank);
    j->fail_at_tile = 1 + (size_t)ranks * 5; /* rank 1's sixth tile */
    j->fail_rank = 1;
    dt_error err;
    check(rank, run_job(j, group, 0, 1, &err) == DT_ERR_VALUE, "failure on rank 1: status");
    char expected[128];
    snprintf(expected, sizeof expected, "MPI rank 1 of %d: tile %zu: made-up failure", ranks, j->fail_at_tile);
    check(rank, strcmp(err.text, expected) == 0, "failure on rank 1: message");
    if (rank == 0) {
        check(rank, !j->done[j->fail_at_tile], "failure on rank 1: the failed tile is marked done");
        check(rank, j->writes < TILES, "failure on rank 1: every tile was still written");
    }
    free(j);
}

static void test_stop_then_resume(job_group *group, int rank, int ranks, const toy_job *alone)
{
    toy_job *j = new_job(rank);
    if (rank == ranks - 1) j->stop_after = 3;
    dt_error err;
    check(rank, run_job(j, group, 0, 1, &err) == DT_ERR_INTERRUPTED, "stop on the last rank: status");
    if (rank == 0) check(rank, j->writes < TILES, "stop on the last rank: nothing was stopped");
    j->stop = 0;
    j->stop_after = SIZE_MAX;
    if (rank != 0) memset(j->done, 1, sizeof j->done); /* must be ignored: rank 0 decides */
    check(rank, run_job(j, group, 1, 1, &err) == DT_OK, "resume: status");
    if (rank == 0) {
        check(rank, memcmp(j->output, alone->output, sizeof j->output) == 0, "resume: output differs");
        check(rank, j->writes == TILES, "stop + resume: a tile written twice or never");
    }
    free(j);
}

static void test_job_without_transfer(job_group *group, int rank)
{
    toy_job *j = new_job(rank);
    dt_error err;
    check(rank, run_job(j, group, 0, 0, &err) == DT_ERR_USAGE, "no transfer: status");
    check(rank, strstr(err.text, "toy: cannot share its tiles among") != NULL, "no transfer: message");
    free(j);
}

int main(void)
{
    job_group *group;
    dt_error err;
    if (job_group_open(&group, &err) != DT_OK) {
        fprintf(stderr, "test_job_mpi: %s\n", err.text);
        return 1;
    }
    if (job_group_size(group) < 2) {
        fprintf(stderr, "test_job_mpi: run it under mpirun -n 3\n");
        job_group_close(group);
        return 77;
    }
    int rank = job_group_rank(group), ranks = job_group_size(group);
    toy_job *alone = new_job(rank);
    check(rank, run_job(alone, NULL, 0, 0, &err) == DT_OK, "one process: status");
    test_results_reach_rank_0(group, rank, alone);
    test_failure_on_rank_1(group, rank, ranks);
    test_stop_then_resume(group, rank, ranks, alone);
    test_job_without_transfer(group, rank);
    free(alone);
    check(rank, job_group_agree(group, failures ? DT_ERR_VALUE : DT_OK, &err) == DT_OK, "a rank failed its checks");
    if (rank == 0) printf("test_job_mpi: %d ranks, %s\n", ranks, failures ? "FAILED" : "all checks passed");
    job_group_close(group);
    return failures ? 1 : 0;
}
