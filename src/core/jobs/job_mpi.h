/* job_mpi.h — the MPI ranks sharing a domain job (a job_group) and the messages of its one-writer protocol. */
#ifndef DRYTEX_JOB_MPI_H
#define DRYTEX_JOB_MPI_H

#include <stddef.h>

#include "job.h"
#include "status.h"

/* A job runs on ranks when its command opens the group first (before anything that every rank
 * must reach), puts it in job_config.group, gives a job_transfer in job_config.transfer, opens
 * its output with job_output_open (collective) and, before each collective call, passes any
 * step that can fail on one rank alone through job_group_agree — so no rank ever waits for one
 * that has given up. drydown_job.c and calib_job.c (with cmd-drydowns.c, cmd-calibrate.c) do so.
 *
 * Joins the MPI world when drytex was built with MPI and this process was started by an MPI
 * launcher (mpirun, mpiexec, srun --mpi=pmix|pmi2: seen in OMPI_COMM_WORLD_SIZE, PMIX_RANK or
 * PMI_SIZE). Otherwise *group is NULL — one process — and MPI is never initialised, so an MPI
 * build runs without mpirun exactly as a build without MPI. Collective under a launcher; the
 * calling thread is the only one that may use the group afterwards. Refuses (DT_ERR_USAGE) to be
 * one of several copies that would each run the whole job into the same output: a task of srun
 * without an MPI plugin, or a build without MPI started as several MPI processes. */
int job_group_open(job_group **group, dt_error *err);

/* Leaves the MPI world (collective); NULL is one process and does nothing. */
void job_group_close(job_group *group);

int job_group_rank(const job_group *group);       /* 0 for NULL */
int job_group_size(const job_group *group);       /* 1 for NULL */
int job_group_local_size(const job_group *group); /* ranks on this node; 1 for NULL */

/* Collective: every rank passes its own status (and err when it failed); every rank returns the
 * status of the lowest failing rank with its message in err, prefixed "MPI rank R of N: " when R
 * is not 0, or DT_OK when all succeeded. With one process it returns status unchanged. */
int job_group_agree(job_group *group, int status, dt_error *err);

/* Collective: size bytes of rank 0's data to every rank (nothing with one process). */
void job_group_broadcast(job_group *group, void *data, size_t size);

#ifdef HAVE_MPI
/* ---- the tile protocol of job_run (job.c) on more than one rank ---------------------------
 * Ranks other than 0 send TILE (a finished tile's packed results) and finally END (their
 * status) to rank 0; rank 0 may send STOP (finish the tiles in hand, take no more) and, after
 * every END, OUTCOME (the job's status for all). Receives are polled, so a waiting rank sleeps
 * instead of spinning on a shared node. Only the thread that opened the group calls these. */
typedef enum { JOB_MESSAGE_TILE = 1, JOB_MESSAGE_END, JOB_MESSAGE_STOP, JOB_MESSAGE_OUTCOME } job_message_kind;

typedef struct {
    job_message_kind kind;
    int source;          /* the sending rank */
    size_t tile;         /* TILE: the tile index */
    void *data;          /* TILE: the packed results (free() it) */
    size_t size;
    int status;          /* END, OUTCOME */
    dt_error error;      /* END, OUTCOME when status is not DT_OK */
} job_message;

/* To rank 0; fails only when the buffer is too large for one MPI message. */
int job_group_send_tile(job_group *group, size_t tile, const void *data, size_t size, dt_error *err);
void job_group_send_end(job_group *group, int status, const dt_error *err);
void job_group_send_stop(job_group *group, int rank);
void job_group_send_outcome(job_group *group, int rank, int status, const dt_error *err);

/* Receives the next message from source (-1: any rank) if one has arrived; returns 1 then, else 0. */
int job_group_poll(job_group *group, int source, job_message *message);

/* Sleeps a millisecond: what a rank does between polls. */
void job_group_pause(void);
#endif

#endif
