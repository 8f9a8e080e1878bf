/* demo_bands.c — the demo's daily series a band of rows at a time (demo_bands.h). */
#include "demo_bands.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "status.h"

size_t demo_band_count(const demo_settings *s)
{
    return (s->rows + DEMO_BAND_ROWS - 1) / DEMO_BAND_ROWS;
}

struct demo_band_job {
    const demo_world *world;
    demo_band *band;
    size_t next;                 /* the band's cells are handed out one at a time */
    pthread_mutex_t lock;
    pthread_t workers[64];
    int started;
};

/* A worker: cells of the band until none is left. */
static void *make_cells(void *argument)
{
    demo_band_job *pool = argument;
    demo_band *b = pool->band;
    size_t cells = b->nrows * b->cols;
    demo_series one;
    demo_series_alloc(&one, b->ndays);
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        size_t i = pool->next++;
        pthread_mutex_unlock(&pool->lock);
        if (i >= cells) break;
        demo_cell_series(pool->world, b->row0 + i / b->cols, i % b->cols, &one);
        const float *from[DEMO_SERIES_KINDS] = {one.satellite, one.truth, one.precip, one.pet};
        for (int k = 0; k < DEMO_SERIES_KINDS; k++)
            if (b->values[k])
                for (size_t day = 0; day < b->ndays; day++) b->values[k][day * cells + i] = from[k][day];
    }
    demo_series_free(&one);
    return NULL;
}

demo_band_job *demo_band_start(const demo_world *world, size_t index, const int wanted[DEMO_SERIES_KINDS], demo_band *band)
{
    const demo_settings *s = &world->settings;
    band->row0 = index * DEMO_BAND_ROWS;
    band->nrows = band->row0 + DEMO_BAND_ROWS <= s->rows ? DEMO_BAND_ROWS : s->rows - band->row0;
    band->cols = s->cols;
    band->ndays = s->ndays;
    size_t size = DEMO_BAND_ROWS * s->cols * s->ndays * sizeof(float); /* a full band's: later bands reuse it */
    for (int k = 0; k < DEMO_SERIES_KINDS; k++) {
        if (wanted[k] && !band->values[k]) band->values[k] = dt_malloc(size);
        if (!wanted[k]) free(band->values[k]), band->values[k] = NULL;
    }
    demo_band_job *job = dt_calloc(1, sizeof *job);
    job->world = world;
    job->band = band;
    pthread_mutex_init(&job->lock, NULL);
    int threads = job_default_threads();
    if (threads > 64) threads = 64;
    for (; job->started < threads; job->started++)
        if (pthread_create(&job->workers[job->started], NULL, make_cells, job) != 0) break;
    if (job->started == 0) make_cells(job); /* no thread: made here, before returning */
    return job;
}

void demo_band_wait(demo_band_job *job)
{
    for (int i = 0; i < job->started; i++) pthread_join(job->workers[i], NULL);
    pthread_mutex_destroy(&job->lock);
    free(job);
}

void demo_band_make(const demo_world *world, size_t index, const int wanted[DEMO_SERIES_KINDS], demo_band *band)
{
    demo_band_wait(demo_band_start(world, index, wanted, band));
}

void demo_band_free(demo_band *band)
{
    for (int k = 0; k < DEMO_SERIES_KINDS; k++) free(band->values[k]);
    memset(band, 0, sizeof *band);
}
