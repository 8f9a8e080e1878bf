/* job_output.h — a domain job's output file: written as OUT.partial (netCDF-3, so a SIGKILL can
 * never corrupt what was synced) with a per-tile "done" flag, resumable; when every tile is
 * finished it is converted to a compressed netCDF-4 OUT. With MPI ranks (config->group) only
 * rank 0 has the file (and the lock); on the other ranks the output is a shell without one. */
#ifndef DRYTEX_JOB_OUTPUT_H
#define DRYTEX_JOB_OUTPUT_H

#include <stddef.h>

#include "cfwrite.h"
#include "job.h"
#include "job_lock.h"
#include "job_text.h"
#include "status.h"

typedef struct {
    cf_output out;          /* open on the partial file */
    char *final_path;       /* OUT */
    char *partial_path;     /* OUT.partial */
    int tile_done_varid;
    int tile_masked_varid;  /* tile_masked_sm [tile]: soil-moisture values each tile's reads masked */
    size_t tile_count;
    unsigned char *done;    /* [tile_count] 1 = finished (read back on resume) */
    int resumed;            /* 1 when an existing partial output was reopened */
    char *final_temporary;  /* OUT.tmp while job_output_finish has it open */
    int writer;             /* 1 where the file is (rank 0, or the only process), else 0 */
    job_lock lock;          /* OUT.partial.lock, held by the writer from open to close */
    int sync_fd;            /* OUT.partial, opened for fdatasync (job_output_mark_done), or −1 */
    job_text text;          /* the per-tile text (drydowns --events), when has_text */
    int has_text;
    int verified;           /* 1 once OUT.tmp has been checked against OUT.partial */
    size_t *pending;        /* [tile_count] tiles written whose done flags wait for the next sync */
    size_t npending;
    double last_sync;       /* CLOCK_MONOTONIC seconds of the last sync of OUT.partial (0: none yet) */
    double sync_interval;   /* [s] JOB_OUTPUT_SYNC_SECONDS (a test may set another) */
} job_output;

/* Defines the job's variables into a freshly created output (called between create and the end of
 * define mode); returns DT_OK or an error. */
typedef int (*job_output_define)(cf_output *out, void *context, dt_error *err);
/* Finds the job's variables in a reopened output (fills variable ids in context). */
typedef int (*job_output_find)(int ncid, void *context, dt_error *err);

/* What a job's output is made of, besides its grid and tiling. */
typedef struct {
    const char *title, *history; /* history: the command line, also written into the lock file */
    const char *signature;       /* every setting that changes the results (inputs, PTF, seed, …) */
    int resume;
    char *const *inputs;         /* the files the results are computed from (fingerprinted) */
    size_t ninputs;
    const char *text_path;       /* a CSV written per tile (job_text.h), or NULL */
    const char *text_header;     /* its first line */
    job_output_define define;
    job_output_find find;
    void *context;
    job_lock *held;              /* the output's lock, taken earlier with job_output_lock (work
                                    done before the output opens, e.g. HRLDAS runs); the output
                                    takes it over. NULL: job_output_open takes the lock itself */
} job_output_spec;

/* Takes the output's lock (OUT.partial.lock) before job_output_open, for a job that writes
 * elsewhere first under the output's name; hand it over in job_output_spec.held. One process. */
int job_output_lock(job_lock *lock, const char *path, const char *who, dt_error *err);

/* Starts the output for a job over grid g tiled as config says. The writer first takes an
 * exclusive lock (job_lock.h): a second job on the same output is refused, naming the first.
 * A fresh OUT.partial is built as OUT.partial.new — variables defined, coordinates written,
 * synced — and only then renamed, so an OUT.partial that exists always has its coordinates.
 * It records the signature and each input's size, modification time and content hash; on
 * resume a partial file written with another signature, grid or tiling, or from inputs whose
 * contents changed, is refused, as is a file that is not a readable netCDF file, and missing
 * coordinates are written again. Without resume an existing partial file is replaced.
 * With a group (config->group) this is collective: a rank whose signature, grid or tiling is not
 * rank 0's is refused (on every rank, naming the first differing setting); rank 0 opens the file
 * and every rank returns its status and message; the other ranks' done flags stay 0 (job_run
 * uses rank 0's). */
int job_output_open(job_output *o, const char *path, const grid *g, const job_config *config,
                    const job_output_spec *spec, dt_error *err);

/* Appends a tile's text (spec->text_path) before the tile is marked done; on the writer. */
int job_output_put_text(job_output *o, const job_tile *tile, const char *text, size_t length, dt_error *err);

/* Records how many soil-moisture values a tile's reads masked as physically impossible
 * (series.h masked_out_of_range) before the tile is marked done, so the job's total survives
 * interruptions and resumes; on the writer, under the I/O lock. A tile without one counts 0. */
int job_output_put_masked(job_output *o, const job_tile *tile, double count, dt_error *err);

/* The sum of every done tile's count (before job_output_finish); 0 where there is no file. */
int job_output_masked_total(job_output *o, double *total, dt_error *err);

/* Marks a tile finished in the file (under the job's I/O lock): the tile's values (and text) are
 * put on stable storage (fdatasync) before its flag is written, and the flag is synced to the
 * system, so neither a kill nor a power cut can keep a done flag without its data (a power cut
 * can lose the last flags: --resume then redoes those tiles). The syncs are grouped: when the
 * last one is less than o->sync_interval (JOB_OUTPUT_SYNC_SECONDS) old, the tile's flag waits for the next tile's
 * (or job_output_flush_done), and one sync then covers every tile that waited — a kill loses the
 * waiting tiles' work, which --resume redoes. */
int job_output_mark_done(job_output *o, const job_tile *tile, dt_error *err);

/* Syncs OUT.partial and writes the flags of the tiles waiting for it (see job_output_mark_done);
 * job_output_masked_total, job_output_finish and job_output_close call it first. */
int job_output_flush_done(job_output *o, dt_error *err);

/* [s] the least time between two syncs of the tiles' values: 64 tiles of a 20-year domain job
 * that finished in 2.3 s synced 64 times, 5 % of the wall time under the I/O lock. */
#define JOB_OUTPUT_SYNC_SECONDS 0.25

/* When every tile is done: on the writer (elsewhere it does nothing), assembles the text file
 * (TEXT.tmp), copies OUT.partial into a compressed, chunked netCDF-4 OUT.tmp (without the tile
 * bookkeeping) and leaves that open in o->out (in data mode) for summaries. */
int job_output_finish(job_output *o, dt_error *err);

/* Closes the output. After job_output_finish: syncs OUT.tmp, verifies it against OUT.partial
 * (every tile done, coordinates complete, every variable identical), and only then renames
 * TEXT.tmp and OUT.tmp into place and removes the partial files. Otherwise (or when the
 * verification fails) OUT.partial stays for --resume. Releases the lock. */
int job_output_close(job_output *o, dt_error *err);

/* Once at the start of a job's process, before any netCDF or HDF5 call: keeps HDF5 from
 * installing its exit handler. After a netCDF-4 close fails (a full disk), HDF5 1.10 keeps a
 * half-closed file that its exit handler then dereferences (SIGSEGV after the right error
 * message); drytex closes every file itself, so the handler has nothing else to do. */
void job_output_process_start(void);

#endif
