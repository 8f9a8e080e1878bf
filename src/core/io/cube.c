/* cube.c — `ingest`: a daily series source → one netCDF-4 cube chunked for per-cell reads.
 * A collection of daily files is read by worker processes, each file once and whole (a real ESA
 * CCI map is one compressed chunk: reading it by bands decompressed it once per band), into a
 * block-major store (ingest_store.h); then the workers compress the cube's chunks, each block of
 * cells at a time, and this process writes them (ingest_chunks.h). A single cube file or a point
 * series is read band by band, as before, and written through the same chunk encoder. */
#include "cube.h"

#include <math.h>
#include <netcdf.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cfwrite.h"
#include "ingest_chunks.h"
#include "ingest_journal.h"
#include "ingest_store.h"
#include "ingest_run.h"
#include "ingest_workers.h"
#include "ncprobe.h"


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

/* ---- a collection: readers, then compressors ------------------------------------------------ */

/* Reader w's share: files [first, end) and the days from its first file's (the first reader: day 0)
 * to the next reader's first file's (the last: the end), so that days without a file are put too. */
/* Share w of n of files [f0, f1) and days [d0, d1): files [first, end) and the days from its first
 * file's (share 0: d0) to the next share's first file's (the last share: d1). */
void ingest_share(const series_source *s, size_t f0, size_t f1, size_t d0, size_t d1, int w, int n, size_t *first,
                     size_t *end, size_t *day0, size_t *day1)
{
    *first = f0 + (f1 - f0) * (size_t)w / (size_t)n;
    *end = f0 + (f1 - f0) * (size_t)(w + 1) / (size_t)n;
    *day0 = w == 0 ? d0 : *first < f1 ? (size_t)(s->file_day[*first] - s->first_day) : d1;
    *day1 = w == n - 1 ? d1 : *end < f1 ? (size_t)(s->file_day[*end] - s->first_day) : d1;
    if (*day0 > *day1) *day0 = *day1;
}

/* The days file i of the share puts: its own and those after it without a file, up to the next file's
 * (the share's last file: to its last day; its first file: also those from its first day). */
static void file_days(const ingest_run *run, size_t i, size_t *from, size_t *to)
{
    const series_source *s = run->source;
    *from = i == run->share_first ? run->share_day0 : (size_t)(s->file_day[i] - s->first_day);
    *to = i + 1 < run->share_end ? (size_t)(s->file_day[i + 1] - s->first_day) : run->share_day1;
}

/* Days [day0, day1) as missing (no file), map made NaN once. */
static int put_missing_days(ingest_run *run, size_t day0, size_t day1, float *map, int *map_is_nan, float *scratch,
                            dt_error *err)
{
    for (size_t day = day0; day < day1; day++) {
        if (!*map_is_nan)
            for (size_t i = 0; i < run->map_cells; i++) map[i] = NAN;
        *map_is_nan = 1;
        if (ingest_store_put_day(&run->store, day, map, scratch, err) != DT_OK) return err->code;
    }
    return DT_OK;
}

/* One file into its day of the store, announced first when this reader is the files' probe. */
static int read_one_file(ingest_run *run, size_t file, size_t day, float *map, float *scratch, int fd, dt_error *err)
{
    series_source *s = run->source;
    size_t masked_before = s->masked_out_of_range;
    int status = DT_OK;
    if (ncprobe_seconds() > 0) { /* this process is the file's probe (ingest_workers.h) */
        status = ingest_worker_on_file(fd, s->paths[file], err);
        s->file_checked[file] = 1;
    }
    if (status == DT_OK) status = series_read_file(s, file, map, err);
    /* what this file's read masked as impossible (series.h), counted in the parent's source */
    uint64_t masked = s->masked_out_of_range - masked_before;
    if (status == DT_OK) status = ingest_store_put_day(&run->store, day, map, scratch, err);
    if (status == DT_OK) status = ingest_worker_send(fd, INGEST_MESSAGE_PROGRESS, &masked, sizeof masked, NULL, 0, err);
    return status;
}

/* Files are claimed one at a time from a counter every reader shares, not split in fixed shares: a
 * fixed half left one of two readers idle for a third of the reading (2026-12-07: files differ in
 * cost, and so do the cores of a shared machine). Which reader reads a file changes no value. */
int ingest_read_work(void *context, int w, int n, int fd, dt_error *err)
{
    ingest_run *run = context;
    (void)n;
    /* mapped apart and kept out of forks: pages a fork shares are copied when written afterwards */
    size_t map_bytes = run->map_cells * sizeof(float);
    float *map = mmap(NULL, map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return dt_error_set(err, DT_ERR_NOMEM, "ingest: cannot map %zu bytes for a day", map_bytes);
    madvise(map, map_bytes, MADV_DONTFORK);
    float *scratch = run->store.memory ? NULL : dt_malloc(run->store.block_rows * run->store.block_cols * sizeof *scratch);
    int status = DT_OK, map_is_nan = 0;
    if (run->share_first == run->share_end && w == 0) /* no file in the share: its days are all missing */
        status = put_missing_days(run, run->share_day0, run->share_day1, map, &map_is_nan, scratch, err);
    while (status == DT_OK) {
        size_t file = atomic_fetch_add(run->next_file, 1), from, to;
        if (file >= run->share_end) break;
        file_days(run, file, &from, &to);
        size_t day = (size_t)(run->source->file_day[file] - run->source->first_day);
        status = put_missing_days(run, from, day, map, &map_is_nan, scratch, err);
        if (status == DT_OK) status = read_one_file(run, file, day, map, scratch, fd, err);
        map_is_nan = 0;
        if (status == DT_OK) status = put_missing_days(run, day + 1, to, map, &map_is_nan, scratch, err);
    }
    munmap(map, map_bytes);
    free(scratch);
    return status;
}

int ingest_read_files(ingest_run *run, int readers, ingest_meanwhile meanwhile, dt_error *err)
{
    _Atomic size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (next == MAP_FAILED) return dt_error_set(err, DT_ERR_NOMEM, "ingest: cannot map the readers' shared counter");
    atomic_init(next, run->share_first);
    run->next_file = next;
    int status = ingest_workers_run_meanwhile(readers, ingest_read_work, ingest_on_read, run, ncprobe_seconds(), meanwhile,
                                              err);
    munmap((void *)next, sizeof *next);
    run->next_file = NULL;
    return status;
}

/* Chunks go to the parent many at a time (one message per 256 KiB or block): a message per chunk
 * cost three writes, two reads and a task switch each, a third of the time (perf, 2026-12-07). */
#define INGEST_BATCH ((size_t)256 << 10)

int ingest_compress_work(void *context, int w, int n, int fd, dt_error *err)
{
    ingest_run *run = context;
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &run->format);
    float *buffer = run->store.memory ? NULL
                                      : dt_malloc(run->store.ndays * run->store.block_rows * run->store.block_cols * sizeof *buffer);
    unsigned char *batch = dt_malloc(INGEST_BATCH);
    unsigned char *occupied = dt_malloc(ingest_block_chunks(run));
    size_t used = 0;
    int status = DT_OK;
    for (size_t k = (size_t)w; k < run->store.nblocks && status == DT_OK; k += (size_t)n) {
        ingest_block b;
        const float *values;
        if (run->journal.done && run->journal.done[k]) continue;
        ingest_store_block(&run->store, k, &b);
        status = ingest_store_get_block(&run->store, k, buffer, &values, err);
        uint64_t empty = 0;
        size_t across = (b.ncols + run->format.chunk_cols - 1) / run->format.chunk_cols, i = 0;
        if (status == DT_OK) ingest_chunks_occupied(&run->format, values, b.nrows, b.ncols, occupied);
        for (size_t r = b.row0; r < b.row0 + b.nrows && status == DT_OK; r += run->format.chunk_rows)
            for (size_t c = b.col0; c < b.col0 + b.ncols && status == DT_OK; c += run->format.chunk_cols) {
                ingest_chunk_head head;
                const unsigned char *bytes;
                i = (r - b.row0) / run->format.chunk_rows * across + (c - b.col0) / run->format.chunk_cols;
                if (!occupied[i] || !ingest_chunk_encode(&run->format, values, b.row0, b.nrows, b.col0, b.ncols, r, c,
                                                         &scratch, &head, &bytes)) {
                    empty++;
                    continue;
                }
                if (used > 0 && used + sizeof head + head.size > INGEST_BATCH) {
                    status = ingest_worker_send(fd, INGEST_MESSAGE_DATA, batch, used, NULL, 0, err);
                    used = 0;
                }
                if (sizeof head + head.size > INGEST_BATCH) { /* a chunk larger than a batch goes alone */
                    if (status == DT_OK)
                        status = ingest_worker_send(fd, INGEST_MESSAGE_DATA, &head, sizeof head, bytes, head.size, err);
                    continue;
                }
                memcpy(batch + used, &head, sizeof head);
                memcpy(batch + used + sizeof head, bytes, head.size);
                used += sizeof head + head.size;
            }
        if (status == DT_OK && used > 0) status = ingest_worker_send(fd, INGEST_MESSAGE_DATA, batch, used, NULL, 0, err);
        used = 0;
        if (status == DT_OK) ingest_store_release_block(&run->store, k);
        uint64_t finished[2] = {k, empty};
        if (status == DT_OK) status = ingest_worker_send(fd, INGEST_MESSAGE_PROGRESS, finished, sizeof finished, NULL, 0, err);
    }
    free(batch);
    free(occupied);
    free(buffer);
    ingest_chunk_scratch_free(&scratch);
    return status;
}

int ingest_on_read(void *context, int w, unsigned kind, const void *data, size_t size, dt_error *err)
{
    ingest_run *run = context;
    uint64_t masked;
    if (kind != INGEST_MESSAGE_PROGRESS) return DT_OK;
    if (size != sizeof masked) return dt_error_set(err, DT_ERR_IO, "ingest: reader %d sent a wrong report", w + 1);
    memcpy(&masked, data, sizeof masked);
    run->source->masked_out_of_range += (size_t)masked;
    ingest_advance(run);
    return DT_OK;
}

/* Syncs the cube and journals the blocks written since the last sync. */
int ingest_journal_pending(ingest_run *run, dt_error *err)
{
    if (run->npending == 0 || !run->journal.path) return DT_OK; /* no journal: an append */
    if (ingest_chunks_sync(run->writer, err) != DT_OK) return err->code;
    for (size_t i = 0; i < run->npending; i++) {
        size_t k = run->pending[i];
        if (ingest_journal_add(&run->journal, k, run->block_crc[k], err) != DT_OK) return err->code;
    }
    run->npending = 0;
    run->synced_at = ingest_seconds();
    return DT_OK;
}

size_t block_of(const ingest_store *store, size_t row, size_t col)
{
    return row / store->block_rows * store->blocks_across + col / store->block_cols;
}

int ingest_on_chunk(void *context, int w, unsigned kind, const void *data, size_t size, dt_error *err)
{
    ingest_run *run = context;
    if (kind == INGEST_MESSAGE_PROGRESS) { /* a block finished: every chunk of it came before */
        uint64_t finished[2] = {0, 0};
        if (size != sizeof finished || (memcpy(finished, data, sizeof finished), finished[0] >= run->store.nblocks))
            return dt_error_set(err, DT_ERR_IO, "ingest: worker %d sent a wrong report", w + 1);
        run->report.chunks_empty += finished[1];
        run->report.blocks++;
        run->pending[run->npending++] = (size_t)finished[0];
        ingest_advance(run);
        /* synced in batches: a kill loses at most a second of blocks, and a sync per block would cost */
        if (run->npending >= 32 || ingest_seconds() - run->synced_at >= 1.0) return ingest_journal_pending(run, err);
        return DT_OK;
    }
    for (size_t at = 0; at < size;) { /* chunks, one after the other */
        ingest_chunk_head head;
        const char *record = (const char *)data + at;
        if (size - at < sizeof head || (memcpy(&head, record, sizeof head), size - at - sizeof head < head.size))
            return dt_error_set(err, DT_ERR_IO, "ingest: worker %d sent a chunk of the wrong size", w + 1);
        const char *bytes = record + sizeof head;
        size_t k = block_of(&run->store, head.row, head.col);
        if (k >= run->store.nblocks)
            return dt_error_set(err, DT_ERR_IO, "ingest: worker %d sent a chunk outside the grid", w + 1);
        run->block_crc[k] = ingest_chunk_checksum(run->block_crc[k], &head, bytes);
        run->valid += head.valid;
        run->report.chunks_written++;
        if (ingest_chunks_put(run->writer, &head, bytes, err) != DT_OK) return err->code;
        at += sizeof head + head.size;
    }
    return DT_OK;
}

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
    if (status == DT_OK && run->options->inputs_unchanged &&
        run->options->inputs_unchanged(recorded, run->options->inputs_context, err) != DT_OK)
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

/* While the readers read (a fresh collection): the inputs fingerprinted, the journal started and the
 * cube defined, work that was serial before the readers started and after they ended (≈ 0.1 s of
 * 60 global days, perf 2026-12-07). A failed read removes them again. */
int ingest_prepare_meanwhile(void *context, dt_error *err)
{
    ingest_run *run = context;
    const cube_options *o = run->options;
    char *described = NULL;
    if (!o->inputs && o->describe_inputs && o->describe_inputs(o->inputs_context, &described, err) != DT_OK)
        return err->code;
    const char *inputs = described ? described : o->inputs ? o->inputs : "";
    int status = ingest_journal_create(&run->journal, run->journal_path, run->settings, inputs, run->store.nblocks, err);
    free(described);
    if (status == DT_OK) status = cube_define(run->partial, run->source, o, err);
    return status;
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
