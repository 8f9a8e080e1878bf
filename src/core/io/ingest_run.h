/* ingest_run.h — what cube.c and ingest_ranks.c share while an ingest runs (private to io/). */
#ifndef DRYTEX_INGEST_RUN_H
#define DRYTEX_INGEST_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "cube.h"
#include "ingest_chunks.h"
#include "ingest_journal.h"
#include "ingest_store.h"
#include "ingest_workers.h"

/* The cube's _FillValue, and the deflate level cfwrite_define gives it (after the byte shuffle). */
#define CUBE_FILL -9999.0f
#define CUBE_DEFLATE 1

typedef struct {
    series_source *source;
    const cube_options *options;
    cube_progress progress;
    void *progress_context;
    size_t done, total;
    ingest_store store;
    ingest_chunk_format format;
    ingest_chunk_writer *writer;
    size_t map_cells;
    uint64_t valid;
    cube_report report;
    ingest_journal journal;   /* a collection's: the blocks written (resume) */
    uint32_t *block_crc;      /* [nblocks] checksum of each block's chunks as they arrive */
    size_t *pending;          /* blocks written but not yet synced and journaled */
    size_t npending;
    double synced_at;         /* [s] when the cube was last synced */
    size_t share_first, share_end, share_day0, share_day1; /* this process's files and days (MPI rank) */
    _Atomic size_t *next_file; /* shared by the readers (MAP_SHARED): the next file of the share to claim */
    /* a fresh collection's cube and journal, made by this process while the readers read */
    const char *partial, *journal_path, *settings;
    char *inputs_share;       /* the inputs' fingerprints made so far (on MPI ranks: of this rank's share) */
    size_t describe_step, describe_steps; /* fingerprinted in steps of about 8 files (ingest_describe_step) */
    int meanwhile_stage;      /* 0: the cube to define, 1: fingerprinting (ingest_meanwhile steps) */
    int inputs_checked;       /* on MPI ranks: --resume's inputs already checked, each rank its share */
    size_t appended_to;       /* an append: the days of the cube it extends (in the journal's settings) */
} ingest_run;

double ingest_seconds(void);
const char *ingest_base_name(const char *variable);
/* path + suffix (free() it) */
char *ingest_suffixed(const char *path, const char *suffix);
/* Defines the cube in path (netCDF), writes its coordinates, and closes it. */
int cube_define(const char *path, series_source *s, const cube_options *o, dt_error *err);
void ingest_advance(ingest_run *run);
/* The chunks of one of the store's blocks (the largest: those at the grid's edge hold fewer). */
size_t ingest_block_chunks(const ingest_run *run);
/* Share w of n of files [f0, f1) and days [d0, d1). */
void ingest_share(const series_source *s, size_t f0, size_t f1, size_t d0, size_t d1, int w, int n, size_t *first,
                  size_t *end, size_t *day0, size_t *day1);
/* A reader worker (ingest_workers.h): files of run's share claimed one at a time, and their days, into the store. */
int ingest_read_work(void *context, int w, int n, int fd, dt_error *err);
/* Runs `readers` reader workers over run's share of files (and meanwhile, or NULL, in this process). */
int ingest_read_files(ingest_run *run, int readers, ingest_meanwhile meanwhile, dt_error *err);
int ingest_on_read(void *context, int w, unsigned kind, const void *data, size_t size, dt_error *err);
/* A compressor worker, and the parent's receiver of its chunks (written, journaled when a journal is open). */
int ingest_compress_work(void *context, int w, int n, int fd, dt_error *err);
int ingest_on_chunk(void *context, int w, unsigned kind, const void *data, size_t size, dt_error *err);
/* Syncs the cube and journals the blocks written since the last sync (nothing without a journal). */
int ingest_journal_pending(ingest_run *run, dt_error *err);
/* Every setting the cube's values and blocks depend on, as the journal records them (free() it). */
char *ingest_settings_text(const ingest_run *run);
/* Before anything is read: with --resume and a journal at journal_path (*attempted), the blocks it lists
 * that partial still holds are verified by checksum and kept in a fresh partial cube (*resumed); the
 * journal then lists those alone. Refused (DT_ERR_VALUE naming the journal) with other settings or
 * changed inputs. Without --resume or a journal, nothing (the caller starts afresh). */
int ingest_resume_start(ingest_run *run, const char *partial, const char *journal_path, const char *settings,
                        int *resumed, int *attempted, dt_error *err);
/* A fresh start's journal (run->journal_path, run->settings, the inputs described) and cube (run->partial),
 * made in this process while the readers read (ingest_meanwhile steps). */
int ingest_prepare_meanwhile(void *context, int *more, dt_error *err);
/* One step of fingerprinting share `share` of `shares` of the inputs (options->describe_inputs) onto
 * run->inputs_share; *done = 1 once the share is (at once without describe_inputs, or with inputs). */
int ingest_describe_step(ingest_run *run, int share, int shares, int *done, dt_error *err);
/* Readers, writers and the store's blocks for the budget (cube.c says how). */
int ingest_plan(ingest_run *run, const char *spill_path, int *readers, int *writers, const char **spill,
                size_t *block_rows, size_t *block_cols, dt_error *err);

/* The count of values masked as impossible (series.h) into the finished partial cube, as the global
 * attribute SERIES_MASKED_ATTRIBUTE. */
int ingest_note_masked(const char *partial, double masked, dt_error *err);

/* On MPI ranks (ingest_ranks.c): reads, compresses and (rank 0) writes path's partial cube. */
int ingest_ranks(ingest_run *run, const char *partial, dt_error *err);

#endif
