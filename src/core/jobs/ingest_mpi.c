/* ingest_mpi.c — the MPI ranks of a job_group as the ranks an ingest shares. The agreement is the
 * domain jobs' (job_group_agree); the gather of each round's compressed blocks to rank 0 is MPI's,
 * on MPI_COMM_WORLD (the job_group's own messages use a duplicate of it, so nothing mixes). */
#include "config.h"

#include "ingest_mpi.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_MPI
#include <mpi.h>
#endif

static int agree(void *context, int status, dt_error *err)
{
    return job_group_agree(context, status, err);
}

static int gather(void *context, const void *data, size_t size, void **all, size_t *sizes, dt_error *err)
{
    job_group *group = context;
    *all = NULL;
#ifdef HAVE_MPI
    int ranks = job_group_size(group), rank = job_group_rank(group);
    if (size > (size_t)INT32_MAX)
        return dt_error_set(err, DT_ERR_USAGE, "ingest: a block's chunks (%zu bytes) are too large for one MPI message; "
                            "give a smaller --memory", size);
    int mine = (int)size, *counts = dt_calloc((size_t)ranks, sizeof *counts), *offsets = dt_calloc((size_t)ranks, sizeof *offsets);
    MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    size_t total = 0;
    for (int r = 0; r < ranks && rank == 0; r++) {
        offsets[r] = (int)total;
        sizes[r] = (size_t)counts[r];
        total += (size_t)counts[r];
    }
    int status = DT_OK;
    if (rank == 0 && total > (size_t)INT32_MAX)
        status = dt_error_set(err, DT_ERR_USAGE, "ingest: a round's chunks (%zu bytes) are too large for one MPI message; "
                              "give a smaller --memory", total);
    if (rank == 0) *all = dt_malloc(total ? total : 1);
    MPI_Gatherv(data, mine, MPI_BYTE, *all, counts, offsets, MPI_BYTE, 0, MPI_COMM_WORLD);
    free(counts);
    free(offsets);
    return status;
#else
    (void)group, (void)err;
    *all = dt_malloc(size ? size : 1);
    memcpy(*all, data, size);
    sizes[0] = size;
    return DT_OK;
#endif
}

void ingest_mpi_ranks(job_group *group, cube_ranks *ranks)
{
    ranks->rank = job_group_rank(group);
    ranks->size = job_group_size(group);
    ranks->context = group;
    ranks->agree = agree;
    ranks->gather = gather;
}
