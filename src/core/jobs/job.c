/* job.c — the domain-job engine: tiles of cells, a pool of worker threads, serialised I/O.
 * Workers take the next unfinished tile from a shared counter, read it and write it under one
 * lock (netCDF-C is not thread-safe), and compute without it. Results never depend on the
 * thread count because every cell's work is seeded by its own index, not by its worker.
 * On several MPI ranks the workers of ranks other than 0 pack their finished tiles instead of
 * writing them, and each rank's main thread runs the messages: rank 0 receives, writes and
 * marks the others' tiles; they send theirs (job_mpi.h has the protocol). */
#include "config.h"

#include "job.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job_mpi.h"
#include "ncfile.h"

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
    c->group = NULL;
    c->transfer = NULL;
    c->name = NULL;
    c->stop = NULL;
    c->progress = NULL;
    c->progress_begin = NULL;
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

/* A tile packed on a rank other than 0, waiting for the main thread to send it to rank 0. */
typedef struct job_parcel {
    struct job_parcel *next;
    size_t tile;
    void *data;
    size_t size;
} job_parcel;

typedef struct {
    const job_config *config;
    const job_callbacks *callbacks;
    void *job;
    pthread_mutex_t io_lock;      /* every netCDF call and the shared fields below */
    const unsigned char *done;    /* tiles finished before this run (rank 0's, with a group) */
    size_t next, step;            /* the next tile index to consider; the stride of this share */
    size_t total, finished, run;  /* tiles counted (rank 0 of a group: every rank's), done, run now */
    int rank, ranks;              /* this process in its group: 0 of 1 alone */
    int halt;                     /* another rank failed or was stopped: take no more tiles */
    int active;                   /* worker threads still running */
    job_parcel *outbox, **outbox_end; /* packed tiles for rank 0, in order */
    int status;                   /* the first error */
    dt_error error;
} job_state;

/* The next tile to process, or 0 when none is left (under the lock). */
static int take_tile(job_state *s, job_tile *tile)
{
    size_t count = job_tile_count(s->config);
    while (s->next < count) {
        size_t index = s->next;
        s->next += s->step;
        if (s->done && s->done[index]) continue;
        job_tile_at(s->config, index, tile);
        tile->stop = s->config->stop;
        return 1;
    }
    return 0;
}

static int stopping(job_state *s)
{
    return s->status != DT_OK || s->halt || (s->config->stop && *s->config->stop);
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

/* Writes a tile and marks it done; own says whether this process computed it. */
static int finish_tile(job_state *s, void *worker, const job_tile *tile, int own, dt_error *err)
{
    const job_callbacks *cb = s->callbacks;
    pthread_mutex_lock(&s->io_lock);
    int status = cb->write ? cb->write(s->job, worker, tile, err) : DT_OK;
    if (status == DT_OK && cb->mark_done) status = cb->mark_done(s->job, tile, err);
    if (status == DT_OK) {
        s->finished++;
        if (own) s->run++;
        if (s->config->progress) s->config->progress(s->finished, s->total, s->config->progress_context);
    }
    pthread_mutex_unlock(&s->io_lock);
    return status;
}

/* On a rank other than 0: packs a computed tile and queues it for the main thread to send. */
static int queue_tile(job_state *s, void *worker, const job_tile *tile, dt_error *err)
{
    job_parcel *p = dt_calloc(1, sizeof *p);
    p->tile = tile->index;
    int status = s->config->transfer->pack(s->job, worker, tile, &p->data, &p->size, err);
    if (status != DT_OK) {
        free(p->data);
        free(p);
        return status;
    }
    pthread_mutex_lock(&s->io_lock);
    *s->outbox_end = p;
    s->outbox_end = &p->next;
    s->run++;
    pthread_mutex_unlock(&s->io_lock);
    return DT_OK;
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
    /* The tiles' reads and writes report through statuses only. Under the I/O lock, as every
     * netCDF/HDF5 call of the workers is: another worker may fork the netCDF-4 probe (ncprobe) at
     * any time, and a child forked while this thread held HDF5's global lock (Debian's HDF5 is
     * built thread-safe) waited on it forever, which refused sound files for taking over 5 s. */
    pthread_mutex_lock(&s->io_lock);
    ncfile_quiet_thread();
    pthread_mutex_unlock(&s->io_lock);
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
        if (status == DT_OK)
            status = s->rank > 0 ? queue_tile(s, worker, &tile, &err) : finish_tile(s, worker, &tile, 1, &err);
        if (status == DT_ERR_INTERRUPTED && job_tile_stopping(&tile)) break; /* abandoned for a stop: not a failure */
        if (status != DT_OK) {
            record_failure(s, status, &err);
            break;
        }
    }
    if (cb->worker_free) cb->worker_free(worker);
    pthread_mutex_lock(&s->io_lock);
    s->active--;
    pthread_mutex_unlock(&s->io_lock);
    return NULL;
}

/* Counts the tiles this process reports — the whole domain's on rank 0 of a group, else its
 * own share — and returns how many of its own share are left to run. */
static size_t count_tiles(job_state *s)
{
    const job_config *c = s->config;
    int everyone = s->ranks > 1 && s->rank == 0;
    size_t step = everyone ? c->tile_step : s->step, left = 0;
    for (size_t i = everyone ? c->first_tile : s->next; i < job_tile_count(c); i += step) {
        int done = s->done && s->done[i];
        s->total++;
        if (done) s->finished++;
        else if (i >= s->next && (i - s->next) % s->step == 0) left++;
    }
    return left;
}

static int thread_count(const job_state *s, size_t left)
{
    int threads = s->config->threads;
    if (threads <= 0) threads = job_default_threads() / job_group_local_size(s->config->group);
    if ((size_t)threads > left) threads = (int)left;
    return threads < 1 ? 1 : threads;
}

/* DT_OK when every tile this process counts is finished (or, off rank 0, sent), else why not. */
static int local_outcome(const job_state *s, dt_error *err)
{
    if (s->status != DT_OK) {
        if (err) *err = s->error;
        return s->status;
    }
    size_t finished = s->finished + (s->rank > 0 ? s->run : 0);
    if (finished < s->total)
        return dt_error_set(err, DT_ERR_INTERRUPTED, "stopped with %zu of %zu tiles finished", finished, s->total);
    return DT_OK;
}

#ifdef HAVE_MPI
/* Rank 0: one message from another rank — a tile to write, or that rank's end. */
static void take_message(job_state *s, void *worker, job_message *m, unsigned char *ended, int *pending)
{
    dt_error err;
    if (m->kind == JOB_MESSAGE_TILE) {
        pthread_mutex_lock(&s->io_lock);
        int writing = s->status == DT_OK;
        pthread_mutex_unlock(&s->io_lock);
        int status = DT_OK;
        job_tile tile = {0};
        if (writing && m->tile >= job_tile_count(s->config))
            status = dt_error_set(&err, DT_ERR_FORMAT, "MPI rank %d sent tile %zu of %zu", m->source, m->tile,
                                  job_tile_count(s->config));
        if (writing && status == DT_OK) {
            job_tile_at(s->config, m->tile, &tile);
            status = s->config->transfer->unpack(s->job, worker, &tile, m->data, m->size, &err);
            if (status != DT_OK) dt_error_prefix(&err, "a tile from another MPI rank");
        }
        if (writing && status == DT_OK) status = finish_tile(s, worker, &tile, 0, &err);
        if (status != DT_OK) record_failure(s, status, &err);
        free(m->data);
    } else if (m->kind == JOB_MESSAGE_END && !ended[m->source]) {
        ended[m->source] = 1;
        (*pending)--;
        if (m->status == DT_ERR_INTERRUPTED) {
            pthread_mutex_lock(&s->io_lock);
            s->halt = 1;
            pthread_mutex_unlock(&s->io_lock);
        } else if (m->status != DT_OK) {
            dt_error_set(&err, (dt_status)m->status, "MPI rank %d of %d: %s", m->source, s->ranks, m->error.text);
            record_failure(s, m->status, &err);
        }
    }
}

/* Rank 0's main thread: writes the other ranks' tiles until every rank has ended; tells them all
 * to stop as soon as anything fails or is interrupted. */
static void collect_tiles(job_state *s)
{
    const job_callbacks *cb = s->callbacks;
    void *worker = cb->worker_create ? cb->worker_create(s->job) : NULL;
    unsigned char *ended = dt_calloc((size_t)s->ranks, 1);
    int pending = s->ranks - 1, stop_sent = 0;
    while (pending > 0) {
        job_message m;
        int arrived = job_group_poll(s->config->group, -1, &m);
        if (arrived) take_message(s, worker, &m, ended, &pending);
        pthread_mutex_lock(&s->io_lock);
        int stop = stopping(s);
        pthread_mutex_unlock(&s->io_lock);
        if (stop && !stop_sent) {
            for (int r = 1; r < s->ranks; r++)
                if (!ended[r]) job_group_send_stop(s->config->group, r);
            stop_sent = 1;
        }
        if (!arrived) job_group_pause();
    }
    free(ended);
    if (cb->worker_free) cb->worker_free(worker);
}

/* The main thread of a rank other than 0: sends the packed tiles until the workers are done,
 * and stops them when rank 0 says so. */
static void ship_tiles(job_state *s)
{
    for (;;) {
        pthread_mutex_lock(&s->io_lock);
        job_parcel *list = s->outbox;
        s->outbox = NULL;
        s->outbox_end = &s->outbox;
        int active = s->active;
        pthread_mutex_unlock(&s->io_lock);
        for (job_parcel *p = list, *next; p; p = next) {
            next = p->next;
            dt_error err;
            if (job_group_send_tile(s->config->group, p->tile, p->data, p->size, &err) != DT_OK)
                record_failure(s, err.code, &err);
            free(p->data);
            free(p);
        }
        job_message m;
        while (job_group_poll(s->config->group, 0, &m)) {
            pthread_mutex_lock(&s->io_lock);
            if (m.kind == JOB_MESSAGE_STOP) s->halt = 1;
            pthread_mutex_unlock(&s->io_lock);
        }
        if (active == 0) return; /* no worker is left to queue more */
        if (!list) job_group_pause();
    }
}

/* After the workers: every rank learns rank 0's verdict, which counts every rank's tiles. */
static int share_outcome(job_state *s, dt_error *err)
{
    dt_error mine;
    dt_error_clear(&mine);
    int status = local_outcome(s, &mine);
    if (s->rank == 0) {
        for (int r = 1; r < s->ranks; r++) job_group_send_outcome(s->config->group, r, status, &mine);
        if (status != DT_OK && err) *err = mine;
        return status;
    }
    job_group_send_end(s->config->group, status, &mine);
    for (;;) {
        job_message m;
        if (!job_group_poll(s->config->group, 0, &m)) {
            job_group_pause();
            continue;
        }
        if (m.kind != JOB_MESSAGE_OUTCOME) continue; /* a late STOP */
        if (m.status != DT_OK && err) *err = m.error;
        return m.status;
    }
}
#endif

/* Rank 0's done flags, for every rank (a copy to free(), or NULL when there are none). */
static unsigned char *shared_done(job_state *s)
{
    size_t count = job_tile_count(s->config);
    unsigned char resuming = s->done != NULL;
    job_group_broadcast(s->config->group, &resuming, 1);
    if (!resuming) return NULL;
    unsigned char *done = dt_calloc(count ? count : 1, 1);
    if (s->rank == 0) memcpy(done, s->done, count);
    job_group_broadcast(s->config->group, done, count);
    return done;
}

static void run_pool(job_state *s, int threads)
{
    pthread_t *pool = dt_malloc((size_t)threads * sizeof *pool);
    int started = 0;
    s->active = threads;
    for (; started < threads; started++)
        if (pthread_create(&pool[started], NULL, worker_main, s) != 0) break;
    pthread_mutex_lock(&s->io_lock);
    s->active -= threads - started;
    pthread_mutex_unlock(&s->io_lock);
    if (started == 0) {
        s->active = 1;
        worker_main(s); /* no thread could start: work in this one */
    }
#ifdef HAVE_MPI
    if (s->ranks > 1 && s->rank == 0) collect_tiles(s);
    else if (s->ranks > 1) ship_tiles(s);
#endif
    for (int i = 0; i < started; i++) pthread_join(pool[i], NULL);
    free(pool);
}

int job_run(const job_config *config, const job_callbacks *callbacks, void *job, size_t *tiles_run,
            dt_error *err)
{
    if (config->tile_rows == 0 || config->tile_cols == 0 || config->tile_step == 0)
        return dt_error_set(err, DT_ERR_USAGE, "job: tile size %zu × %zu and step %zu must be positive",
                            config->tile_rows, config->tile_cols, config->tile_step);
    job_state s = {.config = config, .callbacks = callbacks, .job = job, .done = config->done,
                   .rank = job_group_rank(config->group), .ranks = job_group_size(config->group)};
    const job_transfer *transfer = config->transfer;
    if (s.ranks > 1 && (!transfer || !transfer->pack || !transfer->unpack))
        return dt_error_set(err, DT_ERR_USAGE, "%s: cannot share its tiles among %d MPI ranks (the job has no "
                            "job_transfer); run it as one process", config->name ? config->name : "job", s.ranks);
    s.next = config->first_tile + (size_t)s.rank * config->tile_step;
    s.step = config->tile_step * (size_t)s.ranks;
    s.outbox_end = &s.outbox;
    unsigned char *done = s.ranks > 1 ? shared_done(&s) : NULL;
    if (s.ranks > 1) s.done = done;
    pthread_mutex_init(&s.io_lock, NULL);
    size_t left = count_tiles(&s);
    if (config->progress_begin && s.rank == 0) config->progress_begin(s.finished, s.total, config->progress_context);
    run_pool(&s, thread_count(&s, left));
    pthread_mutex_destroy(&s.io_lock);
    free(done);
    if (tiles_run) *tiles_run = s.run;
#ifdef HAVE_MPI
    if (s.ranks > 1) return share_outcome(&s, err);
#endif
    return local_outcome(&s, err);
}
