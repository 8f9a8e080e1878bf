/* ingest_mpi.h — the MPI ranks of a job_group as the ranks an ingest shares (cube.h's cube_ranks). */
#ifndef DRYTEX_INGEST_MPI_H
#define DRYTEX_INGEST_MPI_H

#include "cube.h"
#include "job_mpi.h"

/* Fills ranks for group (NULL: one process, size 1). The group must outlive the ingest. */
void ingest_mpi_ranks(job_group *group, cube_ranks *ranks);

#endif
