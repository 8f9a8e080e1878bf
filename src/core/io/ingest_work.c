/* ingest_work.c — a collection's ingest in its worker processes (ingest_workers.h): the readers, each
 * claiming the next file and putting its day (and the missing days after it) into the store; the
 * compressors, each encoding its blocks' occupied chunks and sending them in batches; and the
 * parent's side of both (progress, the chunks written and journaled). cube.c plans and runs them. */
#include "ingest_run.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ncprobe.h"

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

static size_t block_of(const ingest_store *store, size_t row, size_t col)
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
