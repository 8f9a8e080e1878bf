/* ingest_ranks.c — ingest on MPI ranks (cube.h): the files split among ranks, each reading its share
 * with its own workers into one spill file every rank sees; then in rounds each rank compresses one
 * block of cells and rank 0 gathers and writes them in rank order, so the cube is the one process's.
 * The ranks are cube_ranks callbacks: io/ knows no MPI. */
#include "ingest_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_workers.h"

/* Rank 0: writes the chunks of block k a rank's round buffer holds (heads and bytes, one after the
 * other), chaining their checksum for the journal as one process does (ingest_on_chunk). The block's
 * other chunks were all missing: counted here, on the rank that reports them, for every rank's block. */
static int write_round(ingest_run *run, size_t k, const unsigned char *data, size_t size, dt_error *err)
{
    ingest_block b;
    ingest_store_block(&run->store, k, &b);
    size_t chunks = (b.nrows + run->format.chunk_rows - 1) / run->format.chunk_rows *
                    ((b.ncols + run->format.chunk_cols - 1) / run->format.chunk_cols), written = 0;
    for (size_t at = 0; at < size; written++) {
        ingest_chunk_head head;
        if (size - at < sizeof head || (memcpy(&head, data + at, sizeof head), size - at - sizeof head < head.size))
            return dt_error_set(err, DT_ERR_IO, "ingest: a rank's chunks arrived cut short");
        if (ingest_chunks_put(run->writer, &head, data + at + sizeof head, err) != DT_OK) return err->code;
        run->block_crc[k] = ingest_chunk_checksum(run->block_crc[k], &head, data + at + sizeof head);
        run->valid += head.valid;
        run->report.chunks_written++;
        at += sizeof head + head.size;
    }
    if (written > chunks) return dt_error_set(err, DT_ERR_IO, "ingest: a rank sent more chunks than its block has");
    run->report.chunks_empty += chunks - written;
    return DT_OK;
}

static int block_done(const ingest_run *run, size_t k)
{
    return run->journal.done && run->journal.done[k];
}

/* Block k's chunks encoded one after the other into *buffer (grown as needed). */
static int encode_block(ingest_run *run, size_t k, float *values_buffer, ingest_chunk_scratch *scratch,
                        unsigned char *occupied, unsigned char **buffer, size_t *size, size_t *capacity, dt_error *err)
{
    ingest_block b;
    const float *values;
    ingest_store_block(&run->store, k, &b);
    *size = 0;
    if (ingest_store_get_block(&run->store, k, values_buffer, &values, err) != DT_OK) return err->code;
    ingest_chunks_occupied(&run->format, values, b.nrows, b.ncols, occupied); /* the others need no gathering */
    size_t across = (b.ncols + run->format.chunk_cols - 1) / run->format.chunk_cols;
    for (size_t r = b.row0; r < b.row0 + b.nrows; r += run->format.chunk_rows)
        for (size_t c = b.col0; c < b.col0 + b.ncols; c += run->format.chunk_cols) {
            ingest_chunk_head head;
            const unsigned char *bytes;
            size_t i = (r - b.row0) / run->format.chunk_rows * across + (c - b.col0) / run->format.chunk_cols;
            if (!occupied[i] ||
                !ingest_chunk_encode(&run->format, values, b.row0, b.nrows, b.col0, b.ncols, r, c, scratch, &head, &bytes))
                continue; /* all missing: rank 0 counts it (write_round) */
            if (*size + sizeof head + head.size > *capacity) {
                *capacity = 2 * (*size + sizeof head + head.size);
                *buffer = dt_realloc(*buffer, *capacity);
            }
            memcpy(*buffer + *size, &head, sizeof head);
            memcpy(*buffer + *size + sizeof head, bytes, head.size);
            *size += sizeof head + head.size;
        }
    return DT_OK;
}

static int write_rounds(ingest_run *run, const cube_ranks *g, dt_error *err)
{
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &run->format);
    float *values = dt_malloc(run->store.ndays * run->store.block_rows * run->store.block_cols * sizeof *values);
    unsigned char *buffer = NULL, *occupied = dt_malloc(ingest_block_chunks(run));
    size_t capacity = 0, *sizes = dt_calloc((size_t)g->size, sizeof *sizes);
    int status = DT_OK;
    for (size_t round = 0; round * (size_t)g->size < run->store.nblocks && status == DT_OK; round++) {
        size_t k = round * (size_t)g->size + (size_t)g->rank, size = 0;
        if (k < run->store.nblocks && !block_done(run, k))
            status = encode_block(run, k, values, &scratch, occupied, &buffer, &size, &capacity, err);
        status = g->agree(g->context, status, err);
        void *all = NULL;
        if (status == DT_OK) status = g->gather(g->context, buffer, size, &all, sizes, err);
        size_t at = 0;
        for (int r = 0; r < g->size && status == DT_OK && all; r++) {
            size_t written = round * (size_t)g->size + (size_t)r;
            if (written < run->store.nblocks && !block_done(run, written)) {
                status = write_round(run, written, (unsigned char *)all + at, sizes[r], err);
                run->report.blocks++;
                run->pending[run->npending++] = written;
                ingest_advance(run);
            }
            at += sizes[r];
        }
        free(all);
        /* journaled after every round: a round is one block a rank, each up to half the budget of
         * values (few, large rounds: a sync each costs little beside them) */
        if (status == DT_OK && all) status = ingest_journal_pending(run, err);
        status = g->agree(g->context, status, err);
    }
    free(sizes);
    free(buffer);
    free(occupied);
    free(values);
    ingest_chunk_scratch_free(&scratch);
    return status;
}

/* Every rank's count of impossible values read (series.h) added up into rank 0's source. */
static int gather_masked(ingest_run *run, const cube_ranks *g, size_t before, dt_error *err)
{
    uint64_t mine = run->source->masked_out_of_range - before;
    void *all = NULL;
    size_t *sizes = dt_calloc((size_t)g->size, sizeof *sizes);
    int status = g->gather(g->context, &mine, sizeof mine, &all, sizes, err);
    if (status == DT_OK && all) {
        uint64_t total = 0, one;
        for (int r = 0; r < g->size; r++) {
            memcpy(&one, (const unsigned char *)all + (size_t)r * sizeof one, sizeof one);
            total += one;
        }
        run->source->masked_out_of_range = before + (size_t)total;
    }
    free(all);
    free(sizes);
    return g->agree(g->context, status, err);
}

/* Every rank's view of the journal: rank 0 resumes (verifies and keeps the journaled blocks) or starts
 * afresh; then the other ranks read the journal rank 0 rewrote, so that no rank encodes a block kept.
 * A fresh journal is created later, by rank 0 alone (ingest_prepare_meanwhile). */
/* --resume: every rank checks its share of the inputs against the journal's record (rank 0 alone would
 * hash every input: 38 GB of ESA CCI files ≈ 19 s), the shares split as describe_inputs splits them. */
static int check_inputs(ingest_run *run, const cube_ranks *g, const char *journal_path, const char *settings,
                        dt_error *err)
{
    const cube_options *o = run->options;
    ingest_journal journal = {.fd = -1};
    char *recorded = NULL;
    int status = ingest_journal_read(&journal, journal_path, settings, run->store.nblocks, &recorded, err);
    ingest_journal_close(&journal, 0);
    if (status == DT_ERR_MISSING) status = DT_OK; /* no journal: a fresh start, nothing to check */
    else if (status == DT_OK && o->inputs_unchanged) {
        size_t lines = 0, first, end;
        for (const char *c = recorded; *c; c++) lines += *c == '\n';
        first = lines * (size_t)g->rank / (size_t)g->size;
        end = lines * (size_t)(g->rank + 1) / (size_t)g->size;
        const char *from = recorded, *to;
        for (size_t i = 0; i < first; i++) from = strchr(from, '\n') + 1;
        to = from;
        for (size_t i = first; i < end; i++) to = strchr(to, '\n') + 1;
        char *mine = strndup(from, (size_t)(to - from));
        if (o->inputs_unchanged(mine, g->rank, g->size, o->inputs_context, err) != DT_OK)
            status = dt_error_prefix(err, journal_path);
        free(mine);
    }
    free(recorded);
    status = g->agree(g->context, status, err);
    run->inputs_checked = status == DT_OK;
    return status;
}

static int start_journal(ingest_run *run, const cube_ranks *g, const char *partial, const char *journal_path,
                         const char *settings, int *resumed, int *attempted, dt_error *err)
{
    int status = run->options->resume ? check_inputs(run, g, journal_path, settings, err) : DT_OK;
    if (status != DT_OK) {
        *attempted = 1; /* a refused resume leaves the partial files as they were */
        return status;
    }
    if (g->rank == 0) {
        status = ingest_resume_start(run, partial, journal_path, settings, resumed, attempted, err);
        if (status == DT_OK && !*resumed) remove(partial);
    }
    status = g->agree(g->context, status, err);
    if (g->rank != 0 && status == DT_OK && run->options->resume) {
        char *recorded = NULL;
        status = ingest_journal_read(&run->journal, journal_path, settings, run->store.nblocks, &recorded, err);
        if (status == DT_ERR_MISSING) status = DT_OK; /* rank 0 found none either: a fresh start */
        else *resumed = status == DT_OK;
        free(recorded);
    }
    return g->agree(g->context, status, err);
}

/* While a rank's readers read (a fresh start): on rank 0 the cube defined, then the rank's share of
 * the inputs fingerprinted a few files a step (hashing every input on rank 0 alone would be serial:
 * 38 GB of ESA CCI files ≈ 19 s). */
static int ranks_meanwhile(void *context, int *more, dt_error *err)
{
    ingest_run *run = context;
    const cube_options *o = run->options;
    *more = 1;
    if (run->meanwhile_stage == 0) {
        run->meanwhile_stage = 1;
        return o->ranks->rank == 0 ? cube_define(run->partial, run->source, o, err) : DT_OK;
    }
    int done;
    if (ingest_describe_step(run, o->ranks->rank, o->ranks->size, &done, err) != DT_OK) return err->code;
    *more = !done;
    return DT_OK;
}

/* A fresh start, once every rank has read: the ranks' fingerprints gathered in rank order, and rank 0
 * starts the journal with them. */
static int start_fresh_journal(ingest_run *run, const cube_ranks *g, dt_error *err)
{
    const char *mine = run->inputs_share ? run->inputs_share : "";
    void *all = NULL;
    size_t *sizes = dt_calloc((size_t)g->size, sizeof *sizes);
    int status = g->gather(g->context, mine, strlen(mine), &all, sizes, err);
    if (status == DT_OK && g->rank == 0) {
        size_t total = 0;
        for (int r = 0; r < g->size; r++) total += sizes[r];
        char *text = dt_malloc(total + 1);
        memcpy(text, all, total);
        text[total] = '\0';
        status = ingest_journal_create(&run->journal, run->journal_path, run->settings,
                                       run->options->inputs ? run->options->inputs : text, run->store.nblocks, err);
        free(text);
    }
    free(all);
    free(sizes);
    return g->agree(g->context, status, err);
}

int ingest_ranks(ingest_run *run, const char *partial, dt_error *err)
{
    const cube_ranks *g = run->options->ranks;
    series_source *s = run->source;
    run->map_cells = grid_rows(s->grid) * grid_cols(s->grid);
    run->format.ndays = s->ndays;
    size_t edge = run->options->chunk_cells ? run->options->chunk_cells : 4;
    run->format.chunk_rows = edge < grid_rows(s->grid) ? edge : grid_rows(s->grid);
    run->format.chunk_cols = edge < grid_cols(s->grid) ? edge : grid_cols(s->grid);
    run->format.fill = CUBE_FILL;
    run->format.deflate_level = CUBE_DEFLATE;
    char *spill_path = ingest_suffixed(partial, ".spill"), *journal_path = ingest_suffixed(partial, ".journal");
    char *settings = NULL;
    int readers = 1, writers = 1, resumed = 0, attempted = 0;
    const char *spill = NULL;
    size_t block_rows = 0, block_cols = 0;
    int status = ingest_plan(run, spill_path, &readers, &writers, &spill, &block_rows, &block_cols, err);
    /* every rank holds one block at a time: the blocks a single writer's budget allows */
    if (status == DT_OK && !spill) {
        size_t band_bytes = s->ndays * run->format.chunk_rows * grid_cols(s->grid) * sizeof(float);
        size_t block = run->options->memory_budget / 2;
        block_rows = block >= band_bytes ? block / band_bytes * run->format.chunk_rows : run->format.chunk_rows;
    }
    if (status == DT_OK) {
        ingest_store_layout(&run->store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols);
        settings = ingest_settings_text(run);
    }
    status = g->agree(g->context, status, err);
    if (status == DT_OK) status = start_journal(run, g, partial, journal_path, settings, &resumed, &attempted, err);
    run->partial = partial;
    run->journal_path = journal_path;
    run->settings = settings;
    if (g->rank == 0 && status == DT_OK)
        status = ingest_store_open(&run->store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols,
                                   spill_path, err);
    status = g->agree(g->context, status, err);
    if (g->rank != 0 && status == DT_OK)
        status = ingest_store_attach(&run->store, s->ndays, grid_rows(s->grid), grid_cols(s->grid), block_rows, block_cols,
                                     spill_path, err);
    status = g->agree(g->context, status, err);
    /* this rank's files and days: rank r of n takes the r-th share */
    ingest_share(s, 0, s->nfiles, 0, s->ndays, g->rank, g->size, &run->share_first, &run->share_end, &run->share_day0,
             &run->share_day1);
    size_t mine = run->share_end - run->share_first, left = 0;
    for (size_t k = 0; k < run->store.nblocks; k++) left += !(run->journal.done && run->journal.done[k]);
    if ((size_t)readers > mine) readers = mine > 0 ? (int)mine : 1;
    run->report.workers = readers;
    run->report.spilled = 1;
    run->total = s->nfiles + left;
    double t0 = ingest_seconds();
    size_t masked_before = s->masked_out_of_range;
    /* a fresh start: every rank fingerprints its share of the inputs and rank 0 defines the cube while
     * the readers read; rank 0 journals once all have read */
    if (status == DT_OK) status = ingest_read_files(run, readers, resumed ? NULL : ranks_meanwhile, err);
    if (status == DT_OK) status = ingest_store_sync(&run->store, err);
    status = g->agree(g->context, status, err);
    if (status == DT_OK && !resumed) status = start_fresh_journal(run, g, err);
    if (status == DT_OK) status = gather_masked(run, g, masked_before, err);
    run->report.seconds_read = ingest_seconds() - t0;
    if (g->rank == 0) run->done = s->nfiles, run->total = s->nfiles + left; /* every rank's files are read */
    /* every rank encodes as rank 0's file says (rank 0 checks: the other ranks have no file open) */
    ingest_chunk_format format = run->format;
    if (g->rank == 0 && status == DT_OK)
        status = ingest_chunks_open(&run->writer, partial, ingest_base_name(s->variable), &format, err);
    if (g->rank == 0 && status == DT_OK &&
        (format.fill != CUBE_FILL || format.deflate_level != CUBE_DEFLATE || format.chunk_rows != run->format.chunk_rows ||
         format.chunk_cols != run->format.chunk_cols))
        status = dt_error_set(err, DT_ERR_FORMAT, "%s: %s: not defined as drytex's cube (fill, deflate, chunks)", partial,
                              s->variable);
    status = g->agree(g->context, status, err);
    t0 = ingest_seconds();
    if (g->rank == 0) {
        run->block_crc = dt_calloc(run->store.nblocks ? run->store.nblocks : 1, sizeof *run->block_crc);
        run->pending = dt_calloc(run->store.nblocks ? run->store.nblocks : 1, sizeof *run->pending);
        run->synced_at = t0;
    }
    if (status == DT_OK) status = write_rounds(run, g, err);
    if (g->rank == 0 && status == DT_OK) status = ingest_journal_pending(run, err);
    if (g->rank == 0 && run->writer) {
        dt_error close_error;
        if (ingest_chunks_close(run->writer, &close_error) != DT_OK && status == DT_OK) {
            *err = close_error;
            status = err->code;
        }
    }
    run->report.seconds_write = ingest_seconds() - t0;
    status = g->agree(g->context, status, err);
    ingest_store_close(&run->store, g->rank == 0);
    /* rank 0: done, the journal goes; failed before a block was written, nothing to resume. The other
     * ranks only read it. */
    int started = attempted || run->report.blocks > 0;
    ingest_journal_close(&run->journal, g->rank == 0 && (status == DT_OK || !started));
    if (g->rank == 0 && status != DT_OK && !started) remove(partial);
    free(run->block_crc);
    free(run->pending);
    run->block_crc = NULL;
    run->pending = NULL;
    free(run->inputs_share);
    run->inputs_share = NULL;
    free(spill_path);
    free(journal_path);
    free(settings);
    return status;
}
