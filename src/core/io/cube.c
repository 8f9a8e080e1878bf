/* cube.c — `ingest`: a daily series source → one netCDF-4 cube chunked for per-cell reads.
 * A collection of daily files is read by worker processes, each file once and whole (a real ESA
 * CCI map is one compressed chunk: reading it by bands decompressed it once per band), into a
 * block-major store (ingest_store.h); then the workers compress the cube's chunks, each block of
 * cells at a time, and this process writes them (ingest_chunks.h); the workers' code is
 * ingest_work.c's, the planning, journal and resume this file's. A single cube file or a point
 * series is read band by band, as before, and written through the same chunk encoder. */
#include "cube.h"

#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfwrite.h"
#include "ingest_chunks.h"
#include "ingest_journal.h"
#include "ingest_store.h"
#include "ingest_run.h"
#include "ingest_workers.h"


void cube_default_options(cube_options *options)
{
    memset(options, 0, sizeof *options);
    options->memory_budget = (size_t)512 << 20;
    options->chunk_cells = 4;
    options->workers = 0;
    options->history = "";
}

double ingest_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

const char *ingest_base_name(const char *variable)
{
    const char *slash = strrchr(variable, '/');
    return slash ? slash + 1 : variable;
}

/* Defines the cube in path (netCDF), writes its coordinates, and closes it. */
int cube_define(const char *path, series_source *s, const cube_options *o, dt_error *err)
{
    char title[256];
    cf_output out = {.ncid = -1};
    snprintf(title, sizeof title, "daily %s cube for per-cell reads (drytex ingest)", ingest_base_name(s->variable));
    if (cfwrite_create(&out, path, s->grid, title, o->history, err) != DT_OK) return err->code;
    cf_variable spec = {
        .name = ingest_base_name(s->variable), .type = NC_FLOAT, .with_time = 1,
        .units = s->units[0] ? s->units : "m3 m-3",
        .long_name = s->units_kind == SMVAR_SATURATION ? "degree of saturation of the soil (not volumetric)" : "volumetric soil moisture",
        .standard_name = NULL, .fill = CUBE_FILL,
        .chunk_time = s->ndays, .chunk_y = o->chunk_cells, .chunk_x = o->chunk_cells,
    };
    int varid, status = DT_OK;
    if (cfwrite_time_axis(&out, s->first_day, s->ndays, err) != DT_OK ||
        cfwrite_define(&out, &spec, &varid, err) != DT_OK ||
        cfwrite_number(&out, NC_GLOBAL, "drytex_source_files", (double)(s->cube || s->point ? 1 : s->nfiles), err) != DT_OK ||
        cfwrite_text(&out, NC_GLOBAL, "drytex_source_first", series_path(s), err) != DT_OK ||
        cfwrite_end_define(&out, err) != DT_OK)
        status = err->code;
    dt_error close_error;
    if (out.ncid >= 0 && cfwrite_close(&out, &close_error) != DT_OK && status == DT_OK) {
        *err = close_error;
        status = err->code;
    }
    return status;
}



void ingest_advance(ingest_run *run)
{
    run->done++;
    if (run->progress) run->progress(run->done, run->total, run->progress_context);
}

size_t ingest_block_chunks(const ingest_run *run)
{
    size_t rows = run->store.block_rows ? run->store.block_rows : 1, cols = run->store.block_cols ? run->store.block_cols : 1;
    return ((rows + run->format.chunk_rows - 1) / run->format.chunk_rows) *
           ((cols + run->format.chunk_cols - 1) / run->format.chunk_cols);
}

/* Writes every non-empty chunk of a block [day][nrows][ncols] at (row0, col0), in this process. */
int write_block_here(ingest_run *run, const float *block, size_t row0, size_t nrows, size_t col0, size_t ncols,
                            ingest_chunk_scratch *scratch, dt_error *err)
{
    for (size_t r = row0; r < row0 + nrows; r += run->format.chunk_rows)
        for (size_t c = col0; c < col0 + ncols; c += run->format.chunk_cols) {
            ingest_chunk_head head;
            const unsigned char *bytes;
            if (!ingest_chunk_encode(&run->format, block, row0, nrows, col0, ncols, r, c, scratch, &head, &bytes)) {
                run->report.chunks_empty++;
                continue;
            }
            if (ingest_chunks_put(run->writer, &head, bytes, err) != DT_OK) return err->code;
            run->valid += head.valid;
            run->report.chunks_written++;
        }
    return DT_OK;
}

/* ---- a single file (cube or point): bands of rows, read and written here ------------------- */

int ingest_bands(ingest_run *run, dt_error *err)
{
    series_source *s = run->source;
    size_t rows = grid_rows(s->grid), cols = grid_cols(s->grid), edge = run->format.chunk_rows;
    size_t row_bytes = s->ndays * cols * sizeof(float);
    size_t usable = run->options->memory_budget;
    /* the band, and (a sub-daily cube) the steps read before they are averaged to days */
    size_t factor = s->cube && s->cube->ntime != s->ndays ? 3 : 1;
    size_t band = row_bytes ? usable / (factor * row_bytes) / edge * edge : rows;
    if (band < edge) band = edge;
    if (band > rows) band = rows;
    run->total = (rows + band - 1) / band;
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &run->format);
    float *buffer = dt_malloc(s->ndays * band * cols * sizeof *buffer);
    int status = DT_OK;
    for (size_t row0 = 0; row0 < rows && status == DT_OK; row0 += band) {
        size_t nrows = row0 + band <= rows ? band : rows - row0;
        status = series_read_block(s, row0, nrows, 0, cols, buffer, err);
        if (status == DT_OK) status = write_block_here(run, buffer, row0, nrows, 0, cols, &scratch, err);
        run->report.blocks++;
        ingest_advance(run);
    }
    free(buffer);
    ingest_chunk_scratch_free(&scratch);
    return status;
}

/* ---- a collection: the readers and compressors are ingest_work.c's ---------------------------- */

/* How many readers, and the store's blocks: in memory when every day fits the budget beside the
 * workers' buffers, else spilled in blocks that each writer can hold beside its scratch. The budget
 * counts the data ingest holds (stores, maps, blocks, chunks); each process also holds the program
 * and its libraries (measured in BENCHMARKS.md). */
int ingest_plan(ingest_run *run, const char *spill_path, int *readers, int *writers, const char **spill, size_t *block_rows,
                size_t *block_cols, dt_error *err)
{
    series_source *s = run->source;
    size_t budget = run->options->memory_budget, edge = run->format.chunk_rows, edge_x = run->format.chunk_cols;
    size_t rows = grid_rows(s->grid), cols = grid_cols(s->grid), map_bytes = run->map_cells * sizeof(float);
    /* a reader: its map, the quality flag read as floats, the two chunks HDF5 inflates, a spill block */
    size_t reader = 5 * map_bytes;
    size_t chunk = s->ndays * edge * edge_x * sizeof(float);
    size_t writer = 3 * chunk; /* a compressor's scratch */
    int workers = run->options->workers > 0 ? run->options->workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (workers < 1) workers = 1;
    if ((size_t)workers > s->nfiles) workers = (int)s->nfiles;
    if (budget < reader)
        return dt_error_set(err, DT_ERR_USAGE, "--memory %.2f MB cannot hold one reader of %zu × %zu maps (%.2f MB): give "
                            "at least that", (double)budget / 1048576.0, rows, cols, (double)reader / 1048576.0);
    *readers = workers;
    while (*readers > 1 && (size_t)*readers * reader > budget) (*readers)--;
    *writers = workers;
    *block_rows = edge;
    *block_cols = cols;
    *spill = NULL;
    size_t store = s->ndays * rows * cols * sizeof(float);
    if (store + (size_t)*readers * reader <= budget && store + (size_t)*writers * writer <= budget) return DT_OK;
    *spill = spill_path;
    while (*writers > 1 && (size_t)*writers * (writer + chunk) > budget) (*writers)--;
    if (writer + chunk > budget)
        return dt_error_set(err, DT_ERR_USAGE, "--memory %.2f MB cannot hold one chunk of %zu days × %zu × %zu cells "
                            "(%.2f MB) and its compression: give at least %.2f MB", (double)budget / 1048576.0, s->ndays,
                            edge, edge_x, (double)chunk / 1048576.0, (double)(writer + chunk) / 1048576.0);
    size_t block = budget / (size_t)*writers - writer;
    size_t band_bytes = s->ndays * edge * cols * sizeof(float);
    if (block >= band_bytes) *block_rows = block / band_bytes * edge;
    else *block_cols = block / chunk * edge_x;
    return DT_OK;
}

/* Every setting the cube's values and blocks depend on: a journal written with others is refused. */
char *ingest_settings_text(const ingest_run *run)
{
    const series_source *s = run->source;
    const field_options *f = &s->options;
    char *text = dt_malloc(2048);
    int n = snprintf(text, 2048, "variable=%s units=%s keep_flagged=%d layer=%zu porosity=%g porosity_file=%s "
                     "min_steps=%zu first_day=%ld days=%zu files=%zu grid=%zux%zu chunk=%zu block=%zux%zu",
                     s->variable, s->units, f->keep_flagged, f->layer, f->porosity,
                     f->porosity_file ? f->porosity_file : "-", f->min_steps_per_day, s->first_day, s->ndays, s->nfiles,
                     run->store.rows, run->store.cols, run->format.chunk_rows, run->store.block_rows, run->store.block_cols);
    if (run->appended_to > 0 && n > 0 && n < 2048) /* an append: the days of the cube it extends */
        snprintf(text + n, 2048 - (size_t)n, " append_to=%zu", run->appended_to);
    return text;
}

char *ingest_suffixed(const char *path, const char *suffix)
{
    char *joined = dt_malloc(strlen(path) + strlen(suffix) + 1);
    sprintf(joined, "%s%s", path, suffix);
    return joined;
}

/* --resume: the journaled blocks the partial cube still holds, verified by checksum and copied
 * (raw, as written) into a fresh partial cube; the journal then lists those alone. */
static int resume_blocks(ingest_run *run, const char *partial, const char *journal_path, const char *settings,
                         dt_error *err)
{
    char *recorded = NULL;
    int status = ingest_journal_read(&run->journal, journal_path, settings, run->store.nblocks, &recorded, err);
    if (status == DT_OK && run->options->inputs_unchanged && !run->inputs_checked &&
        run->options->inputs_unchanged(recorded, 0, 1, run->options->inputs_context, err) != DT_OK)
        status = dt_error_prefix(err, journal_path);
    ingest_chunk_writer *old = NULL, *fresh = NULL;
    ingest_chunk_format format;
    if (status == DT_OK && ingest_chunks_open_read(&old, partial, ingest_base_name(run->source->variable), &format, err) != DT_OK) {
        memset(run->journal.done, 0, run->store.nblocks); /* unreadable after the kill: every block again */
        old = NULL;
    }
    char *building = ingest_suffixed(partial, ".new");
    if (status == DT_OK) status = cube_define(building, run->source, run->options, err);
    if (status == DT_OK) status = ingest_chunks_open(&fresh, building, ingest_base_name(run->source->variable), &run->format, err);
    for (size_t k = 0; k < run->store.nblocks && status == DT_OK && old; k++) {
        if (!run->journal.done[k]) continue;
        ingest_block b;
        ingest_store_block(&run->store, k, &b);
        uint32_t checksum;
        size_t chunks;
        dt_error ignored;
        if (ingest_chunks_block(old, b.row0, b.nrows, b.col0, b.ncols, NULL, &checksum, &chunks, &ignored) != DT_OK ||
            checksum != run->journal.checksum[k]) {
            run->journal.done[k] = 0;
            continue;
        }
        status = ingest_chunks_block(old, b.row0, b.nrows, b.col0, b.ncols, fresh, &checksum, &chunks, err);
        run->valid += chunks; /* a chunk is written only with a value in it */
        run->report.blocks_resumed++;
    }
    if (status == DT_OK) status = ingest_chunks_sync(fresh, err);
    dt_error ignored;
    if (old) ingest_chunks_close(old, &ignored);
    if (fresh && ingest_chunks_close(fresh, status == DT_OK ? err : &ignored) != DT_OK) status = err->code;
    if (status == DT_OK) status = ingest_journal_rewrite(&run->journal, settings, recorded, err);
    if (status == DT_OK && rename(building, partial) != 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place", partial, building);
    if (status != DT_OK) remove(building);
    free(building);
    free(recorded);
    return status;
}

int ingest_resume_start(ingest_run *run, const char *partial, const char *journal_path, const char *settings,
                        int *resumed, int *attempted, dt_error *err)
{
    *resumed = *attempted = 0;
    if (!run->options->resume) return DT_OK;
    FILE *exists = fopen(journal_path, "r");
    if (!exists) return DT_OK;
    fclose(exists);
    *attempted = 1; /* a refused resume leaves the partial files as they were */
    int status = resume_blocks(run, partial, journal_path, settings, err);
    *resumed = status == DT_OK;
    return status;
}

int ingest_describe_step(ingest_run *run, int share, int shares, int *done, dt_error *err)
{
    const cube_options *o = run->options;
    *done = 1;
    if (o->inputs || !o->describe_inputs) return DT_OK;
    if (run->describe_steps == 0) run->describe_steps = run->source->nfiles / (size_t)shares / 8 + 1;
    int step = share * (int)run->describe_steps + (int)run->describe_step, steps = shares * (int)run->describe_steps;
    char *text = NULL;
    if (o->describe_inputs(o->inputs_context, step, steps, &text, err) != DT_OK) return err->code;
    size_t had = run->inputs_share ? strlen(run->inputs_share) : 0, more = strlen(text);
    run->inputs_share = dt_realloc(run->inputs_share, had + more + 1);
    memcpy(run->inputs_share + had, text, more + 1);
    free(text);
    *done = ++run->describe_step == run->describe_steps;
    return DT_OK;
}

/* While the readers read (a fresh collection): the cube defined, the inputs fingerprinted a few files
 * a step, then the journal started: work that was serial before the readers started and after they
 * ended (≈ 0.1 s of 60 global days, perf 2026-12-07). A failed read removes them again. */
int ingest_prepare_meanwhile(void *context, int *more, dt_error *err)
{
    ingest_run *run = context;
    *more = 0;
    if (run->meanwhile_stage == 0) {
        run->meanwhile_stage = 1;
        *more = 1;
        return cube_define(run->partial, run->source, run->options, err);
    }
    int done;
    if (ingest_describe_step(run, 0, 1, &done, err) != DT_OK) return err->code;
    if (!done) {
        *more = 1;
        return DT_OK;
    }
    const char *inputs = run->options->inputs ? run->options->inputs : run->inputs_share ? run->inputs_share : "";
    return ingest_journal_create(&run->journal, run->journal_path, run->settings, inputs, run->store.nblocks, err);
}

/* Reads every file into the store, then writes the blocks not done (a bad file leaves nothing behind:
 * a fresh cube and journal, made while the files are read, are removed). */
int ingest_collection(ingest_run *run, const char *partial, dt_error *err)
{
    series_source *s = run->source;
    run->map_cells = grid_rows(s->grid) * grid_cols(s->grid);
    run->format.ndays = s->ndays;
    size_t edge = run->options->chunk_cells ? run->options->chunk_cells : 4; /* clamped as cfwrite_define does */
    run->format.chunk_rows = edge < grid_rows(s->grid) ? edge : grid_rows(s->grid);
    run->format.chunk_cols = edge < grid_cols(s->grid) ? edge : grid_cols(s->grid);
    char *spill_path = ingest_suffixed(partial, ".spill"), *journal_path = ingest_suffixed(partial, ".journal");
    int readers = 1, writers = 1;
    const char *spill = NULL;
    size_t block_rows = 0, block_cols = 0;
    int status = ingest_plan(run, spill_path, &readers, &writers, &spill, &block_rows, &block_cols, err);
    /* the layout alone first (settings, resume), the store itself only if something is left to do */
    if (status == DT_OK) ingest_store_layout(&run->store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols);
    char *settings = status == DT_OK ? ingest_settings_text(run) : NULL;
    int resumed = 0, attempted = 0;
    if (status == DT_OK) status = ingest_resume_start(run, partial, journal_path, settings, &resumed, &attempted, err);
    if (status == DT_OK && !resumed) remove(partial);
    run->partial = partial;
    run->journal_path = journal_path;
    run->settings = settings;
    size_t left = resumed ? 0 : run->store.nblocks;
    for (size_t k = 0; status == DT_OK && resumed && k < run->store.nblocks; k++) left += !run->journal.done[k];
    run->report.workers = readers > writers ? readers : writers;
    run->total = s->nfiles + left;
    /* with every block resumed the files are still read: the cube's count of impossible values
     * (SERIES_MASKED_ATTRIBUTE) comes from this run's reads */
    if (status == DT_OK && (left > 0 || resumed)) {
        status = ingest_store_open(&run->store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols,
                                   spill, err);
        run->report.spilled = spill != NULL;
        double t0 = ingest_seconds();
        if (status == DT_OK) status = ingest_read_files(run, readers, resumed ? NULL : ingest_prepare_meanwhile, err);
        run->report.seconds_read = ingest_seconds() - t0;
        if (status == DT_OK) status = ingest_chunks_open(&run->writer, partial, ingest_base_name(s->variable), &run->format, err);
        if (status == DT_OK) {
            t0 = ingest_seconds();
            run->block_crc = dt_calloc(run->store.nblocks, sizeof *run->block_crc);
            run->pending = dt_calloc(run->store.nblocks, sizeof *run->pending);
            run->synced_at = t0;
            status = ingest_workers_run(writers, ingest_compress_work, ingest_on_chunk, run, err);
            if (status == DT_OK) status = ingest_journal_pending(run, err);
            run->report.seconds_write = ingest_seconds() - t0;
            dt_error close_error;
            if (ingest_chunks_close(run->writer, &close_error) != DT_OK && status == DT_OK) {
                *err = close_error;
                status = err->code;
            }
            free(run->block_crc);
            free(run->pending);
        }
        ingest_store_close(&run->store, 1);
    }
    /* done: the journal goes; failed before a block was written: nothing to resume */
    int started = attempted || run->report.blocks > 0;
    ingest_journal_close(&run->journal, status == DT_OK || !started);
    if (status != DT_OK && !started) remove(partial);
    free(settings);
    free(run->inputs_share);
    run->inputs_share = NULL;
    free(spill_path);
    free(journal_path);
    return status;
}

int ingest_note_masked(const char *partial, double masked, dt_error *err)
{
    int ncid, status = nc_open(partial, NC_WRITE, &ncid);
    if (status != NC_NOERR)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot reopen to add %s: %s", partial, SERIES_MASKED_ATTRIBUTE,
                            nc_strerror(status));
    status = nc_redef(ncid);
    if (status == NC_NOERR) status = nc_put_att_double(ncid, NC_GLOBAL, SERIES_MASKED_ATTRIBUTE, NC_DOUBLE, 1, &masked);
    int closed = nc_close(ncid);
    if (status == NC_NOERR) status = closed;
    if (status != NC_NOERR)
        return dt_error_set(err, DT_ERR_IO, "%s: %s cannot be written: %s", partial, SERIES_MASKED_ATTRIBUTE,
                            nc_strerror(status));
    return DT_OK;
}

int cube_ingest(series_source *s, const char *path, const cube_options *options, cube_progress progress, void *context,
                cube_report *report, dt_error *err)
{
    cube_options defaults;
    if (!options) {
        cube_default_options(&defaults);
        options = &defaults;
    }
    ingest_run run = {.source = s, .options = options, .progress = progress, .progress_context = context,
                      .share_end = s->nfiles, .share_day1 = s->ndays};
    size_t masked_before = s->masked_out_of_range;
    run.store.fd = -1;
    run.journal.fd = -1;
    char *partial = ingest_suffixed(path, ".partial");
    int status;
    const cube_ranks *ranks = options->ranks && options->ranks->size > 1 ? options->ranks : NULL;
    if (ranks && (s->cube || s->point)) {
        status = dt_error_set(err, DT_ERR_USAGE, "%s: one file is ingested by one process: start it without mpirun",
                              series_path(s));
    } else if (ranks) {
        status = ingest_ranks(&run, partial, err);
        if (ranks->rank != 0) { /* rank 0 checks, renames and tells */
            free(partial);
            if (report) *report = run.report;
            return status;
        }
    } else if (!s->cube && !s->point) {
        status = ingest_collection(&run, partial, err);
    } else {
        status = cube_define(partial, s, options, err);
        if (status == DT_OK) status = ingest_chunks_open(&run.writer, partial, ingest_base_name(s->variable), &run.format, err);
        if (status == DT_OK) {
            double t0 = ingest_seconds();
            status = ingest_bands(&run, err);
            run.report.seconds_write = ingest_seconds() - t0;
            dt_error close_error;
            if (ingest_chunks_close(run.writer, &close_error) != DT_OK && status == DT_OK) {
                *err = close_error;
                status = err->code;
            }
        }
        if (status != DT_OK) remove(partial);
    }
    if (status == DT_OK && run.valid == 0) {
        status = dt_error_set(err, DT_ERR_NODATA, "%s: %s: every value is missing (fill)", series_path(s), s->variable);
        remove(partial);
    }
    if (status == DT_OK) { /* what the reads masked as impossible (series.h), for whoever reads the cube */
        status = ingest_note_masked(partial, (double)(s->masked_out_of_range - masked_before), err);
        if (status != DT_OK) remove(partial);
    }
    if (status == DT_OK && rename(partial, path) != 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place", path, partial);
    free(partial);
    if (report) *report = run.report;
    return status;
}
