/* ingest_workers.h — the processes that read and compress for ingest (netCDF-C and HDF5 are not
 * thread-safe, so each worker is a process of its own), each reporting to the parent through a pipe. */
#ifndef DRYTEX_INGEST_WORKERS_H
#define DRYTEX_INGEST_WORKERS_H

#include <stddef.h>

#include "status.h"

/* What a worker tells the parent; the engine itself sends DONE and ERROR when work returns. */
enum { INGEST_MESSAGE_PROGRESS = 1, INGEST_MESSAGE_DATA, INGEST_MESSAGE_DONE, INGEST_MESSAGE_ERROR, INGEST_MESSAGE_ON_FILE };

/* In a worker: one message (kind, then size bytes: head followed by data) to the parent. */
int ingest_worker_send(int fd, unsigned kind, const void *head, size_t head_size, const void *data, size_t size,
                       dt_error *err);

/* In a worker: "now opening and reading path". Until its next message, a worker that dies is reported
 * as path crashing the netCDF/HDF5 libraries, and one silent for longer than the run's file_seconds
 * is ended and reported as hanging on path: a reader worker is its own hostile-file probe (ncprobe.h),
 * so the files it reads need no probe process of their own. */
int ingest_worker_on_file(int fd, const char *path, dt_error *err);

/* Runs in worker `worker` of `nworkers` (a forked process): does its share, sending messages on fd.
 * Its return (and err) reaches the parent as the worker's outcome. */
typedef int (*ingest_work)(void *context, int worker, int nworkers, int fd, dt_error *err);
/* Runs in the parent for each PROGRESS or DATA message; a failure stops every worker. */
typedef int (*ingest_receive)(void *context, int worker, unsigned kind, const void *data, size_t size, dt_error *err);

/* Forks nworkers processes running work and receives their messages until all have ended. Returns
 * DT_OK when every worker succeeded, else the first failure: a worker's own error, a receive error
 * (the workers are then ended), or a worker that died (naming the signal). The parent must not
 * hold an open netCDF-4/HDF5 file it writes to (a worker's copy of it is never used, never flushed:
 * workers leave with _exit). */
int ingest_workers_run(int nworkers, ingest_work work, ingest_receive receive, void *context, dt_error *err);
/* The same, with a time limit in seconds for each file a worker announces (ingest_worker_on_file; 0: none). */
int ingest_workers_run_files(int nworkers, ingest_work work, ingest_receive receive, void *context, int file_seconds,
                             dt_error *err);
/* Work of the parent's own while the workers work: what would otherwise be serial before or after
 * them. Done in steps, each short (tens of ms): the workers' messages are taken between steps, so
 * a worker never waits on a full pipe for long. *more = 1 asks for another step. */
typedef int (*ingest_meanwhile)(void *context, int *more, dt_error *err);
/* The same, with meanwhile (NULL: none) run in the parent while the workers work, to its last step
 * even when they end first; its failure ends them. */
int ingest_workers_run_meanwhile(int nworkers, ingest_work work, ingest_receive receive, void *context,
                                 int file_seconds, ingest_meanwhile meanwhile, dt_error *err);

#endif
