/* ingest_append.c — `ingest --append`: a collection's new days after an existing cube's. The cube's
 * days go into the store block by block (one read of each block: its chunks are every day × 4 × 4),
 * the new files through the readers, and the whole is written again as one cube with the same
 * chunks: a cell's series stays a single read. */
#include "ingest_run.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "ingest_workers.h"

static int same_grid(const grid *a, const grid *b)
{
    if (grid_rows(a) != grid_rows(b) || grid_cols(a) != grid_cols(b) || grid_kind_of(a) != grid_kind_of(b)) return 0;
    size_t corners[2][2] = {{0, 0}, {grid_rows(a) - 1, grid_cols(a) - 1}};
    for (int k = 0; k < 2; k++) {
        double lat_a, lon_a, lat_b, lon_b;
        grid_cell_center(a, corners[k][0], corners[k][1], &lat_a, &lon_a);
        grid_cell_center(b, corners[k][0], corners[k][1], &lat_b, &lon_b);
        if (fabs(lat_a - lat_b) > 1e-6 || fabs(lon_a - lon_b) > 1e-6) return 0;
    }
    return 1;
}

static int check_match(const series_source *cube, const series_source *s, const char *path, dt_error *err)
{
    if (!cube->cube)
        return dt_error_set(err, DT_ERR_USAGE, "%s: --append needs an existing cube (a file of many days) as -o", path);
    if (s->cube || s->point)
        return dt_error_set(err, DT_ERR_USAGE, "%s: --append adds daily files, not a cube or a station", series_path(s));
    if (!same_grid(cube->grid, s->grid))
        return dt_error_set(err, DT_ERR_VALUE, "%s: %s: its %zu × %zu grid is not the cube %s's %zu × %zu", series_path(s),
                            s->variable, grid_rows(s->grid), grid_cols(s->grid), path, grid_rows(cube->grid),
                            grid_cols(cube->grid));
    if (strcmp(ingest_base_name(cube->variable), ingest_base_name(s->variable)) != 0)
        return dt_error_set(err, DT_ERR_VALUE, "%s: variable %s, the cube %s holds %s", series_path(s), s->variable, path,
                            cube->variable);
    if (strcmp(cube->units, s->units) != 0)
        return dt_error_set(err, DT_ERR_VALUE, "%s: %s: units '%s', the cube %s's are '%s'", series_path(s), s->variable,
                            s->units, path, cube->units);
    long last = cube->first_day + (long)cube->ndays - 1;
    if (s->first_day <= last) {
        int y0, m0, d0, y1, m1, d1;
        calendar_civil_from_days(s->first_day, &y0, &m0, &d0);
        calendar_civil_from_days(last, &y1, &m1, &d1);
        return dt_error_set(err, DT_ERR_VALUE, "%s: its day %04d-%02d-%02d is not after the cube %s's last day "
                            "%04d-%02d-%02d (the dates overlap)", series_path(s), y0, m0, d0, path, y1, m1, d1);
    }
    return DT_OK;
}

/* The cube's days into the store, block by block. */
static int put_cube_days(ingest_run *run, series_source *cube, size_t block_values, dt_error *err)
{
    float *buffer = run->store.memory ? NULL : dt_malloc(block_values * sizeof *buffer);
    int status = DT_OK;
    for (size_t k = 0; k < run->store.nblocks && status == DT_OK; k++) {
        ingest_block b;
        ingest_store_block(&run->store, k, &b);
        float *into = run->store.memory ? run->store.memory + b.offset : buffer; /* its first days are the cube's */
        status = series_read_block(cube, b.row0, b.nrows, b.col0, b.ncols, into, err);
        if (status == DT_OK && !run->store.memory)
            status = ingest_store_put_block_days(&run->store, k, 0, cube->ndays, buffer, err);
    }
    free(buffer);
    return status;
}

int cube_append(series_source *cube, series_source *s, const char *path, const cube_options *options,
                cube_progress progress, void *context, cube_report *report, dt_error *err)
{
    int status = check_match(cube, s, path, err);
    if (status != DT_OK) return status;
    if (options->ranks && options->ranks->size > 1)
        return dt_error_set(err, DT_ERR_USAGE, "--append runs as one process: start it without mpirun");
    size_t old_days = cube->ndays, masked_before = s->masked_out_of_range;
    s->ndays = (size_t)(s->first_day + (long)s->ndays - cube->first_day);
    s->first_day = cube->first_day;
    ingest_run run = {.source = s, .options = options, .progress = progress, .progress_context = context,
                      .share_end = s->nfiles, .share_day0 = old_days, .share_day1 = s->ndays, .appended_to = old_days};
    run.store.fd = -1;
    run.journal.fd = -1;
    run.map_cells = grid_rows(s->grid) * grid_cols(s->grid);
    run.format.ndays = s->ndays;
    size_t edge = options->chunk_cells ? options->chunk_cells : 4;
    run.format.chunk_rows = edge < grid_rows(s->grid) ? edge : grid_rows(s->grid);
    run.format.chunk_cols = edge < grid_cols(s->grid) ? edge : grid_cols(s->grid);
    char *partial = ingest_suffixed(path, ".partial"), *spill_path = ingest_suffixed(partial, ".spill");
    char *journal_path = ingest_suffixed(partial, ".journal"), *settings = NULL;
    int readers = 1, writers = 1, resumed = 0, attempted = 0;
    const char *spill = NULL;
    size_t block_rows = 0, block_cols = 0;
    status = ingest_plan(&run, spill_path, &readers, &writers, &spill, &block_rows, &block_cols, err);
    /* journaled as a fresh ingest is (the existing cube is one of the inputs fingerprinted): --resume
     * after a kill keeps the blocks already written */
    if (status == DT_OK) {
        ingest_store_layout(&run.store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols);
        settings = ingest_settings_text(&run);
        status = ingest_resume_start(&run, partial, journal_path, settings, &resumed, &attempted, err);
    }
    if (status == DT_OK && !resumed) remove(partial);
    run.partial = partial;
    run.journal_path = journal_path;
    run.settings = settings;
    if (status == DT_OK)
        status = ingest_store_open(&run.store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols,
                                   spill, err);
    size_t left = 0;
    for (size_t k = 0; k < run.store.nblocks; k++) left += !(resumed && run.journal.done[k]);
    run.report.workers = readers > writers ? readers : writers;
    run.report.spilled = spill != NULL;
    run.total = s->nfiles + left;
    double t0 = ingest_seconds();
    if (status == DT_OK) status = put_cube_days(&run, cube, s->ndays * block_rows * block_cols, err);
    if (status == DT_OK) status = ingest_read_files(&run, readers, resumed ? NULL : ingest_prepare_meanwhile, err);
    run.report.seconds_read = ingest_seconds() - t0;
    if (status == DT_OK) status = ingest_chunks_open(&run.writer, partial, ingest_base_name(s->variable), &run.format, err);
    if (status == DT_OK) {
        t0 = ingest_seconds();
        run.block_crc = dt_calloc(run.store.nblocks, sizeof *run.block_crc);
        run.pending = dt_calloc(run.store.nblocks, sizeof *run.pending);
        run.synced_at = t0;
        status = ingest_workers_run(writers, ingest_compress_work, ingest_on_chunk, &run, err);
        if (status == DT_OK) status = ingest_journal_pending(&run, err);
        run.report.seconds_write = ingest_seconds() - t0;
        dt_error close_error;
        if (ingest_chunks_close(run.writer, &close_error) != DT_OK && status == DT_OK) {
            *err = close_error;
            status = err->code;
        }
        free(run.block_crc);
        free(run.pending);
    }
    ingest_store_close(&run.store, 1);
    if (status == DT_OK) { /* the cube's own count (none in a cube older than the count) and the new files' */
        double before = 0;
        if (nc_get_att_double(cube->cube->ncid, NC_GLOBAL, SERIES_MASKED_ATTRIBUTE, &before) != NC_NOERR) before = 0;
        status = ingest_note_masked(partial, before + (double)(s->masked_out_of_range - masked_before), err);
    }
    if (status == DT_OK && rename(partial, path) != 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place", path, partial);
    /* done: the journal goes; failed before a block was written: nothing to resume (the cube at path
     * is untouched either way) */
    int started = attempted || run.report.blocks > 0;
    ingest_journal_close(&run.journal, status == DT_OK || !started);
    if (status != DT_OK && !started) remove(partial);
    free(partial);
    free(spill_path);
    free(journal_path);
    free(settings);
    free(run.inputs_share);
    if (report) *report = run.report;
    return status;
}
