/* cube.c — `ingest`: a daily series source → one netCDF-4 cube chunked for per-cell reads.
 * A collection of daily files is read by worker processes, each file once and whole (a real ESA
 * CCI map is one compressed chunk: reading it by bands decompressed it once per band), into a
 * block-major store (ingest_store.h); then the workers compress the cube's chunks, each block of
 * cells at a time, and this process writes them (ingest_chunks.h). A single cube file or a point
 * series is read band by band, as before, and written through the same chunk encoder. */
#include "cube.h"

#include <math.h>
#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfwrite.h"
#include "ingest_chunks.h"
#include "ingest_store.h"
#include "ingest_workers.h"

void cube_default_options(cube_options *options)
{
    options->memory_budget = (size_t)512 << 20;
    options->chunk_cells = 4;
    options->workers = 0;
    options->history = "";
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const char *base_name(const char *variable)
{
    const char *slash = strrchr(variable, '/');
    return slash ? slash + 1 : variable;
}

/* Defines the cube in path (netCDF), writes its coordinates, and closes it. */
static int define_cube(const char *path, series_source *s, const cube_options *o, dt_error *err)
{
    char title[256];
    cf_output out = {.ncid = -1};
    snprintf(title, sizeof title, "daily %s cube for per-cell reads (drytex ingest)", base_name(s->variable));
    if (cfwrite_create(&out, path, s->grid, title, o->history, err) != DT_OK) return err->code;
    cf_variable spec = {
        .name = base_name(s->variable), .type = NC_FLOAT, .with_time = 1,
        .units = s->units[0] ? s->units : "m3 m-3",
        .long_name = s->units_kind == SMVAR_SATURATION ? "degree of saturation of the soil (not volumetric)" : "volumetric soil moisture",
        .standard_name = NULL, .fill = -9999.0,
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
} ingest_run;

static void advance(ingest_run *run)
{
    run->done++;
    if (run->progress) run->progress(run->done, run->total, run->progress_context);
}

/* Writes every non-empty chunk of a block [day][nrows][ncols] at (row0, col0), in this process. */
static int write_block_here(ingest_run *run, const float *block, size_t row0, size_t nrows, size_t col0, size_t ncols,
                            ingest_chunk_scratch *scratch, dt_error *err)
{
    size_t edge = run->format.edge;
    for (size_t r = row0; r < row0 + nrows; r += edge)
        for (size_t c = col0; c < col0 + ncols; c += edge) {
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

static int ingest_bands(ingest_run *run, dt_error *err)
{
    series_source *s = run->source;
    size_t rows = grid_rows(s->grid), cols = grid_cols(s->grid), edge = run->format.edge;
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
        advance(run);
    }
    free(buffer);
    ingest_chunk_scratch_free(&scratch);
    return status;
}

/* ---- a collection: readers, then compressors ------------------------------------------------ */

/* Reader w's share: files [first, end) and the days from its first file's (the first reader: day 0)
 * to the next reader's first file's (the last: the end), so that days without a file are put too. */
static void reader_share(const series_source *s, int w, int n, size_t *first, size_t *end, size_t *day0, size_t *day1)
{
    *first = s->nfiles * (size_t)w / (size_t)n;
    *end = s->nfiles * (size_t)(w + 1) / (size_t)n;
    *day0 = w == 0 ? 0 : (size_t)(s->file_day[*first] - s->first_day);
    *day1 = w == n - 1 ? s->ndays : (size_t)(s->file_day[*end] - s->first_day);
}

static int read_work(void *context, int w, int n, int fd, dt_error *err)
{
    ingest_run *run = context;
    series_source *s = run->source;
    size_t first, end, day0, day1;
    reader_share(s, w, n, &first, &end, &day0, &day1);
    float *map = dt_malloc(run->map_cells * sizeof *map);
    float *scratch = run->store.memory ? NULL : dt_malloc(run->store.block_rows * run->store.block_cols * sizeof *scratch);
    int status = DT_OK, map_is_nan = 0;
    size_t file = first;
    for (size_t day = day0; day < day1 && status == DT_OK; day++) {
        if (file < end && (size_t)(s->file_day[file] - s->first_day) == day) {
            status = series_read_file(s, file++, map, err);
            map_is_nan = 0;
            if (status == DT_OK) status = ingest_store_put_day(&run->store, day, map, scratch, err);
            if (status == DT_OK) status = ingest_worker_send(fd, INGEST_MESSAGE_PROGRESS, NULL, 0, NULL, 0, err);
            continue;
        }
        if (!map_is_nan)
            for (size_t i = 0; i < run->map_cells; i++) map[i] = NAN;
        map_is_nan = 1;
        status = ingest_store_put_day(&run->store, day, map, scratch, err);
    }
    free(map);
    free(scratch);
    return status;
}

static int compress_work(void *context, int w, int n, int fd, dt_error *err)
{
    ingest_run *run = context;
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &run->format);
    float *buffer = run->store.memory ? NULL
                                      : dt_malloc(run->store.ndays * run->store.block_rows * run->store.block_cols * sizeof *buffer);
    int status = DT_OK;
    for (size_t k = (size_t)w; k < run->store.nblocks && status == DT_OK; k += (size_t)n) {
        ingest_block b;
        const float *values;
        ingest_store_block(&run->store, k, &b);
        status = ingest_store_get_block(&run->store, k, buffer, &values, err);
        uint64_t empty = 0;
        for (size_t r = b.row0; r < b.row0 + b.nrows && status == DT_OK; r += run->format.edge)
            for (size_t c = b.col0; c < b.col0 + b.ncols && status == DT_OK; c += run->format.edge) {
                ingest_chunk_head head;
                const unsigned char *bytes;
                if (!ingest_chunk_encode(&run->format, values, b.row0, b.nrows, b.col0, b.ncols, r, c, &scratch, &head,
                                         &bytes))
                    empty++;
                else
                    status = ingest_worker_send(fd, INGEST_MESSAGE_DATA, &head, sizeof head, bytes, head.size, err);
            }
        if (status == DT_OK) status = ingest_worker_send(fd, INGEST_MESSAGE_PROGRESS, &empty, sizeof empty, NULL, 0, err);
    }
    free(buffer);
    ingest_chunk_scratch_free(&scratch);
    return status;
}

static int on_read(void *context, int w, unsigned kind, const void *data, size_t size, dt_error *err)
{
    (void)w, (void)data, (void)size, (void)err;
    if (kind == INGEST_MESSAGE_PROGRESS) advance(context);
    return DT_OK;
}

static int on_chunk(void *context, int w, unsigned kind, const void *data, size_t size, dt_error *err)
{
    ingest_run *run = context;
    if (kind == INGEST_MESSAGE_PROGRESS) {
        uint64_t empty = 0;
        if (size == sizeof empty) memcpy(&empty, data, sizeof empty);
        run->report.chunks_empty += empty;
        run->report.blocks++;
        advance(run);
        return DT_OK;
    }
    ingest_chunk_head head;
    if (size < sizeof head || (memcpy(&head, data, sizeof head), size != sizeof head + head.size))
        return dt_error_set(err, DT_ERR_IO, "ingest: worker %d sent a chunk of the wrong size", w + 1);
    run->valid += head.valid;
    run->report.chunks_written++;
    return ingest_chunks_put(run->writer, &head, (const char *)data + sizeof head, err);
}

/* How many readers, and the store's blocks: in memory when every day fits the budget beside the
 * workers' buffers, else spilled in blocks that each writer can hold beside its scratch. The budget
 * counts the data ingest holds (stores, maps, blocks, chunks); each process also holds the program
 * and its libraries (measured in BENCHMARKS.md). */
static int plan(ingest_run *run, const char *spill_path, int *readers, int *writers, const char **spill, size_t *block_rows,
                size_t *block_cols, dt_error *err)
{
    series_source *s = run->source;
    size_t budget = run->options->memory_budget, edge = run->format.edge;
    size_t rows = grid_rows(s->grid), cols = grid_cols(s->grid), map_bytes = run->map_cells * sizeof(float);
    /* a reader: its map, the quality flag read as floats, the two chunks HDF5 inflates, a spill block */
    size_t reader = 5 * map_bytes;
    size_t chunk = s->ndays * edge * edge * sizeof(float);
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
                            edge, edge, (double)chunk / 1048576.0, (double)(writer + chunk) / 1048576.0);
    size_t block = budget / (size_t)*writers - writer;
    size_t band_bytes = s->ndays * edge * cols * sizeof(float);
    if (block >= band_bytes) *block_rows = block / band_bytes * edge;
    else *block_cols = block / chunk * edge;
    return DT_OK;
}

/* Reads every file into the store (before the cube exists: a bad file leaves nothing behind). */
static int collection_read(ingest_run *run, const char *partial, int *writers, dt_error *err)
{
    series_source *s = run->source;
    run->map_cells = grid_rows(s->grid) * grid_cols(s->grid);
    run->format.ndays = s->ndays;
    run->format.edge = run->options->chunk_cells ? run->options->chunk_cells : 4;
    char *spill_path = dt_malloc(strlen(partial) + sizeof ".spill");
    sprintf(spill_path, "%s.spill", partial);
    int readers = 1;
    const char *spill = NULL;
    size_t block_rows = 0, block_cols = 0;
    int status = plan(run, spill_path, &readers, writers, &spill, &block_rows, &block_cols, err);
    if (status == DT_OK)
        status = ingest_store_open(&run->store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols,
                                   spill, err);
    free(spill_path);
    run->report.workers = readers > *writers ? readers : *writers;
    run->report.spilled = spill != NULL;
    run->total = s->nfiles + run->store.nblocks;
    double t0 = seconds_now();
    if (status == DT_OK) status = ingest_workers_run(readers, read_work, on_read, run, err);
    run->report.seconds_read = seconds_now() - t0;
    return status;
}

int cube_ingest(series_source *s, const char *path, const cube_options *options, cube_progress progress, void *context,
                cube_report *report, dt_error *err)
{
    cube_options defaults;
    if (!options) {
        cube_default_options(&defaults);
        options = &defaults;
    }
    ingest_run run = {.source = s, .options = options, .progress = progress, .progress_context = context};
    run.store.fd = -1;
    char *partial = dt_malloc(strlen(path) + sizeof ".partial");
    sprintf(partial, "%s.partial", path);
    int collection = !s->cube && !s->point, writers = 1;
    int status = collection ? collection_read(&run, partial, &writers, err) : DT_OK;
    if (status == DT_OK) status = define_cube(partial, s, options, err);
    if (status == DT_OK) status = ingest_chunks_open(&run.writer, partial, base_name(s->variable), &run.format, err);
    if (status == DT_OK) {
        double t0 = seconds_now();
        status = collection ? ingest_workers_run(writers, compress_work, on_chunk, &run, err) : ingest_bands(&run, err);
        run.report.seconds_write = seconds_now() - t0;
        dt_error close_error;
        if (ingest_chunks_close(run.writer, &close_error) != DT_OK && status == DT_OK) {
            *err = close_error;
            status = err->code;
        }
    }
    ingest_store_close(&run.store, 1);
    if (status == DT_OK && run.valid == 0)
        status = dt_error_set(err, DT_ERR_NODATA, "%s: %s: every value is missing (fill)", series_path(s), s->variable);
    if (status == DT_OK && rename(partial, path) != 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place", path, partial);
    if (status != DT_OK) remove(partial);
    free(partial);
    if (report) *report = run.report;
    return status;
}
