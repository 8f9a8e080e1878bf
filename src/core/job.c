/* job.c — the domain-job engine: tiles of cells, a pool of worker threads, serialised I/O.
 * Workers take the next unfinished tile from a shared counter, read it and write it under one
 * lock (netCDF-C is not thread-safe), and compute without it. Results never depend on the
 * thread count because every cell's work is seeded by its own index, not by its worker. */
#include "job.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

void job_default_config(job_config *c, size_t rows, size_t cols)
{
    c->rows = rows;
    c->cols = cols;
    c->tile_rows = 16;
    c->tile_cols = 16;
    c->threads = 0;
    c->done = NULL;
    c->first_tile = 0;
    c->tile_step = 1;
    c->stop = NULL;
    c->progress = NULL;
    c->progress_context = NULL;
}

static size_t tiles_across(const job_config *c)
{
    return (c->cols + c->tile_cols - 1) / c->tile_cols;
}

size_t job_tile_count(const job_config *c)
{
    if (c->tile_rows == 0 || c->tile_cols == 0) return 0;
    return ((c->rows + c->tile_rows - 1) / c->tile_rows) * tiles_across(c);
}

void job_tile_at(const job_config *c, size_t index, job_tile *t)
{
    size_t across = tiles_across(c);
    t->index = index;
    t->row0 = index / across * c->tile_rows;
    t->col0 = index % across * c->tile_cols;
    t->nrows = t->row0 + c->tile_rows <= c->rows ? c->tile_rows : c->rows - t->row0;
    t->ncols = t->col0 + c->tile_cols <= c->cols ? c->tile_cols : c->cols - t->col0;
}

int job_default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 0 ? (int)cores : 1;
}

typedef struct {
    const job_config *config;
    const job_callbacks *callbacks;
    void *job;
    pthread_mutex_t io_lock;      /* every netCDF call and the shared counters */
    size_t next;                  /* the next tile index to consider */
    size_t total, finished, run;  /* this process's tiles, how many are done, how many ran now */
    int status;                   /* the first error */
    dt_error error;
} job_state;

/* The next tile to process, or 0 when none is left (under the lock). */
static int take_tile(job_state *s, job_tile *tile)
{
    size_t count = job_tile_count(s->config);
    while (s->next < count) {
        size_t index = s->next;
        s->next += s->config->tile_step;
        if (s->config->done && s->config->done[index]) continue;
        job_tile_at(s->config, index, tile);
        return 1;
    }
    return 0;
}

static int stopping(job_state *s)
{
    return s->status != DT_OK || (s->config->stop && *s->config->stop);
}

static int locked_step(job_state *s, void *worker, const job_tile *tile,
                       int (*step)(void *, void *, const job_tile *, dt_error *), dt_error *err)
{
    if (!step) return DT_OK;
    pthread_mutex_lock(&s->io_lock);
    int status = step(s->job, worker, tile, err);
    pthread_mutex_unlock(&s->io_lock);
    return status;
}

static int finish_tile(job_state *s, void *worker, const job_tile *tile, dt_error *err)
{
    const job_callbacks *cb = s->callbacks;
    pthread_mutex_lock(&s->io_lock);
    int status = cb->write ? cb->write(s->job, worker, tile, err) : DT_OK;
    if (status == DT_OK && cb->mark_done) status = cb->mark_done(s->job, tile, err);
    if (status == DT_OK) {
        s->finished++;
        s->run++;
        if (s->config->progress) s->config->progress(s->finished, s->total, s->config->progress_context);
    }
    pthread_mutex_unlock(&s->io_lock);
    return status;
}

static void record_failure(job_state *s, int status, const dt_error *err)
{
    pthread_mutex_lock(&s->io_lock);
    if (s->status == DT_OK) {
        s->status = status;
        s->error = *err;
    }
    pthread_mutex_unlock(&s->io_lock);
}

static void *worker_main(void *argument)
{
    job_state *s = argument;
    const job_callbacks *cb = s->callbacks;
    void *worker = cb->worker_create ? cb->worker_create(s->job) : NULL;
    dt_error err;
    dt_error_clear(&err);
    for (;;) {
        job_tile tile;
        pthread_mutex_lock(&s->io_lock);
        int have = !stopping(s) && take_tile(s, &tile);
        pthread_mutex_unlock(&s->io_lock);
        if (!have) break;
        int status = locked_step(s, worker, &tile, cb->read, &err);
        if (status == DT_OK && cb->compute) status = cb->compute(s->job, worker, &tile, &err);
        if (status == DT_OK) status = finish_tile(s, worker, &tile, &err);
        if (status != DT_OK) {
            record_failure(s, status, &err);
            break;
        }
    }
    if (cb->worker_free) cb->worker_free(worker);
    return NULL;
}

static size_t count_own_tiles(const job_config *c, size_t *finished)
{
    size_t total = 0;
    *finished = 0;
    for (size_t i = c->first_tile; i < job_tile_count(c); i += c->tile_step) {
        total++;
        if (c->done && c->done[i]) (*finished)++;
    }
    return total;
}

int job_run(const job_config *config, const job_callbacks *callbacks, void *job, size_t *tiles_run,
            dt_error *err)
{
    if (config->tile_rows == 0 || config->tile_cols == 0 || config->tile_step == 0)
        return dt_error_set(err, DT_ERR_USAGE, "job: tile size %zu × %zu and step %zu must be positive",
                            config->tile_rows, config->tile_cols, config->tile_step);
    job_state s = {.config = config, .callbacks = callbacks, .job = job, .next = config->first_tile};
    pthread_mutex_init(&s.io_lock, NULL);
    s.total = count_own_tiles(config, &s.finished);
    int threads = config->threads > 0 ? config->threads : job_default_threads();
    if ((size_t)threads > s.total - s.finished) threads = (int)(s.total - s.finished);
    if (threads < 1) threads = 1;
    pthread_t *pool = dt_malloc((size_t)threads * sizeof *pool);
    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&pool[started], NULL, worker_main, &s) != 0) break;
    if (started == 0) worker_main(&s); /* no thread could start: work in this one */
    for (int i = 0; i < started; i++) pthread_join(pool[i], NULL);
    free(pool);
    pthread_mutex_destroy(&s.io_lock);
    if (tiles_run) *tiles_run = s.run;
    if (s.status != DT_OK) {
        if (err) *err = s.error;
        return s.status;
    }
    if (s.finished < s.total)
        return dt_error_set(err, DT_ERR_INTERRUPTED, "stopped with %zu of %zu tiles finished",
                            s.finished, s.total);
    return DT_OK;
}
