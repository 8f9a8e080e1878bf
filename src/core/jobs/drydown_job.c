/* drydown_job.c — drydowns over every cell on the job engine: each tile's series is one block
 * read (a cube chunk column), analysed per cell in parallel, and written as maps. */
#include "drydown_job.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "job_output.h"
#include "ncfile.h"
#include "summary_write.h"

enum {
    OUT_THETA_W, OUT_THETA_C, OUT_W_Q25, OUT_W_Q75, OUT_C_Q25, OUT_C_Q75, OUT_TAU, OUT_FOUND,
    OUT_KEPT, OUT_MEAN, OUT_VALID, OUT_STATUS, OUT_W_LOW, OUT_W_HIGH, OUT_C_LOW, OUT_C_HIGH, OUT_THRESHOLD_STATUS,
    OUT_STAR, OUT_STAR_LOW, OUT_STAR_HIGH, OUT_LOSS_MAX, OUT_COUNT
};

static const struct {
    const char *name, *units, *long_name;
    int type;
    double fill;
} outputs[OUT_COUNT] = {
    {"theta_w", "m3 m-3", "wilting point: median fitted drydown asymptote", NC_FLOAT, -9999},
    {"theta_c", "m3 m-3", "critical point: median first value of the drydowns", NC_FLOAT, -9999},
    {"theta_w_q25", "m3 m-3", "25th percentile of the drydown asymptotes", NC_FLOAT, -9999},
    {"theta_w_q75", "m3 m-3", "75th percentile of the drydown asymptotes", NC_FLOAT, -9999},
    {"theta_c_q25", "m3 m-3", "25th percentile of the drydown first values", NC_FLOAT, -9999},
    {"theta_c_q75", "m3 m-3", "75th percentile of the drydown first values", NC_FLOAT, -9999},
    {"tau", "d", "median drydown e-folding time", NC_FLOAT, -9999},
    {"events_found", "1", "drydown events found", NC_INT, -1},
    {"events_kept", "1", "drydown events kept after the filters", NC_INT, -1},
    {"mean_sm", "m3 m-3", "mean soil moisture over the valid days", NC_FLOAT, -9999},
    {"valid_days", "1", "days with a valid soil-moisture value", NC_INT, -1},
    {"status", "1", "why a cell has no thresholds", NC_BYTE, -1},
    {"theta_w_low", "m3 m-3", "lower end of the 90 % interval of theta_w", NC_FLOAT, -9999},
    {"theta_w_high", "m3 m-3", "upper end of the 90 % interval of theta_w; where censored, the upper bound of the wilting point", NC_FLOAT, -9999},
    {"theta_c_low", "m3 m-3", "lower end of the 90 % interval of theta_c", NC_FLOAT, -9999},
    {"theta_c_high", "m3 m-3", "upper end of the 90 % interval of theta_c", NC_FLOAT, -9999},
    {"threshold_status", "1", "what the cell's drydowns say of theta_w", NC_BYTE, -1},
    {"theta_star", "m3 m-3", "loss function: soil moisture where the loss reaches its plateau", NC_FLOAT, -9999},
    {"theta_star_low", "m3 m-3", "loss function: lower end of the 90 % interval of theta_star (its lower bound without a plateau)", NC_FLOAT, -9999},
    {"theta_star_high", "m3 m-3", "loss function: upper end of the 90 % interval of theta_star", NC_FLOAT, -9999},
    {"loss_max", "m3 m-3 d-1", "loss function: the plateau's loss rate", NC_FLOAT, -9999},
};

/* The long names of theta_w and theta_c by estimator. */
static const char *const estimate_names[THRESHOLDS_ESTIMATOR_COUNT][2] = {
    {"wilting point: median fitted drydown asymptote", "critical point: median first value of the drydowns"},
    {"wilting point: the asymptote all drydowns share (pooled decay)", "critical point: median first value of the drydowns"},
    {"wilting point: where the loss function reaches zero", "critical point: median first value of the drydowns"},
};

void drydown_job_default_options(drydown_job_options *o)
{
    drydown_default_options(&o->drydown);
    thresholds_default_options(&o->thresholds);
    job_default_config(&o->job, 0, 0);
    o->job.tile_rows = o->job.tile_cols = 8;
    o->resume = 0;
    o->history = "";
    o->events = NULL;
}

const char *drydown_job_events_header(void)
{
    return "row,col,lat,lon,start,end,points,theta_c,delta,tau,theta_w,r2,kept,reason";
}

typedef struct {
    const drydown_job_options *options;
    series_source *source;
    job_output output;
    int varid[OUT_COUNT];
    size_t chunk_rows, chunk_cols; /* the cube's chunk in cells, or 0: a tile is read at once */
} drydown_job;

/* The cube's chunking over (y, x) when it is netCDF-4 chunked with the whole time axis in one
 * chunk (as ingest writes it): reading a tile chunk by chunk then lets the library decompress
 * each chunk straight into place instead of scattering it into the tile's block. */
static void find_chunking(drydown_job *j)
{
    j->chunk_rows = j->chunk_cols = 0;
    const field *f = j->source->cube;
    if (!f || f->ntime != j->source->ndays) return;
    int storage;
    size_t chunks[FIELD_MAX_DIMS];
    if (nc_inq_var_chunking(f->group, f->varid, &storage, chunks) != NC_NOERR || storage != NC_CHUNKED) return;
    size_t rows = 0, cols = 0;
    for (int d = 0; d < f->ndims; d++) {
        if (f->dim_role[d] == DIM_TIME && chunks[d] != f->ntime) return;
        if (f->dim_role[d] == DIM_Y) rows = chunks[d];
        if (f->dim_role[d] == DIM_X) cols = chunks[d];
    }
    if (rows && cols) j->chunk_rows = rows, j->chunk_cols = cols;
}

/* The pieces a tile is read in: its intersections with the chunk grid (or the tile itself). */
typedef struct {
    size_t row0, nrows, col0, ncols; /* in cells, absolute */
    size_t offset;                   /* where its [day][row][col] values start in the block */
} tile_piece;

static size_t tile_pieces(const drydown_job *j, const job_tile *tile, size_t ndays, tile_piece *pieces)
{
    size_t edge_r = j->chunk_rows ? j->chunk_rows : tile->nrows, edge_c = j->chunk_cols ? j->chunk_cols : tile->ncols;
    size_t count = 0, offset = 0;
    for (size_t r = tile->row0; r < tile->row0 + tile->nrows; r = (r / edge_r + 1) * edge_r) {
        size_t r_end = (r / edge_r + 1) * edge_r, row_end = tile->row0 + tile->nrows;
        if (!j->chunk_rows || r_end > row_end) r_end = row_end;
        for (size_t c = tile->col0; c < tile->col0 + tile->ncols; c = (c / edge_c + 1) * edge_c) {
            size_t c_end = (c / edge_c + 1) * edge_c, col_end = tile->col0 + tile->ncols;
            if (!j->chunk_cols || c_end > col_end) c_end = col_end;
            pieces[count] = (tile_piece){r, r_end - r, c, c_end - c, offset};
            offset += ndays * (r_end - r) * (c_end - c);
            count++;
            if (!j->chunk_cols) break;
        }
        if (!j->chunk_rows) break;
    }
    return count;
}

/* The outputs written: all, or without the loss function's own. */
static int output_count(const drydown_job *j)
{
    return j->options->thresholds.estimator == THRESHOLDS_LOSS ? OUT_COUNT : OUT_STAR;
}

typedef struct {
    float *block;              /* the tile as read: each piece's [day][row][col] in turn */
    tile_piece *pieces;        /* [piece count] */
    size_t piece_count;
    size_t *cell_of;           /* [piece cells] where each of a piece's cells starts in series */
    float *series;             /* [tile cells × ndays] the block transposed: each cell's series */
    float *plane[OUT_COUNT];   /* [tile cells] */
    drydown_result result;
    thresholds_work work;
    double masked;             /* soil-moisture values the tile's read masked as impossible (series.h) */
    char *events;              /* CSV lines of the tile */
    size_t events_length, events_capacity;
    grid *grid;                /* this thread's copy, for lat/lon in the events file */
} drydown_worker;

static void *worker_create(void *job)
{
    const drydown_job *j = job;
    size_t cells = j->options->job.tile_rows * j->options->job.tile_cols;
    drydown_worker *w = dt_calloc(1, sizeof *w);
    w->block = dt_malloc(j->source->ndays * cells * sizeof *w->block);
    w->pieces = dt_malloc(cells * sizeof *w->pieces); /* at most one piece per cell */
    w->cell_of = dt_malloc(cells * sizeof *w->cell_of);
    w->series = dt_malloc(j->source->ndays * cells * sizeof *w->series);
    for (int k = 0; k < OUT_COUNT; k++) w->plane[k] = dt_malloc(cells * sizeof(float));
    drydown_result_init(&w->result);
    thresholds_work_init(&w->work);
    w->grid = grid_clone(j->source->grid);
    return w;
}

static void worker_free(void *worker)
{
    drydown_worker *w = worker;
    free(w->block);
    free(w->pieces);
    free(w->cell_of);
    free(w->series);
    for (int k = 0; k < OUT_COUNT; k++) free(w->plane[k]);
    drydown_result_free(&w->result);
    thresholds_work_free(&w->work);
    free(w->events);
    grid_free(w->grid);
    free(w);
}

static int read_tile(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    drydown_job *j = job;
    drydown_worker *w = worker;
    w->piece_count = tile_pieces(j, tile, j->source->ndays, w->pieces);
    size_t masked_before = j->source->masked_out_of_range; /* reads are serialised: the difference is this tile's */
    for (size_t k = 0; k < w->piece_count; k++) {
        const tile_piece *p = &w->pieces[k];
        int status = series_read_block(j->source, p->row0, p->nrows, p->col0, p->ncols, w->block + p->offset, err);
        if (status != DT_OK) return status;
    }
    w->masked = (double)(j->source->masked_out_of_range - masked_before);
    return DT_OK;
}

static void append_events(drydown_worker *w, const drydown_job *j, size_t row, size_t col)
{
    double lat, lon;
    grid_cell_center(w->grid, row, col, &lat, &lon);
    for (size_t e = 0; e < w->result.count; e++) {
        const drydown_event *ev = &w->result.events[e];
        int y1, m1, d1, y2, m2, d2;
        calendar_civil_from_days(j->source->first_day + (long)ev->start, &y1, &m1, &d1);
        calendar_civil_from_days(j->source->first_day + (long)ev->end, &y2, &m2, &d2);
        char line[320];
        int length = snprintf(line, sizeof line, "%zu,%zu,%.5f,%.5f,%04d-%02d-%02d,%04d-%02d-%02d,%zu,%.4f,%.4f,%.3f,%.4f,%.4f,%d,%s\n",
                              row, col, lat, lon, y1, m1, d1, y2, m2, d2, ev->points, ev->theta_c, ev->delta,
                              ev->tau, ev->theta_w, ev->r2, ev->drop == DRYDOWN_KEPT, drydown_drop_name(ev->drop));
        if (length <= 0) continue;
        if (w->events_length + (size_t)length + 1 > w->events_capacity) {
            w->events_capacity = 2 * (w->events_length + (size_t)length + 1024);
            w->events = dt_realloc(w->events, w->events_capacity);
        }
        memcpy(w->events + w->events_length, line, (size_t)length + 1);
        w->events_length += (size_t)length;
    }
}

static int compute_tile(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    drydown_job *j = job;
    drydown_worker *w = worker;
    size_t cells = tile->nrows * tile->ncols, ndays = j->source->ndays;
    w->events_length = 0;
    /* one pass over each piece, reading it in order (a cell at a time would stride across it) */
    for (size_t k = 0; k < w->piece_count; k++) {
        const tile_piece *p = &w->pieces[k];
        size_t map = p->nrows * p->ncols;
        for (size_t i = 0; i < map; i++)
            w->cell_of[i] = ((p->row0 - tile->row0 + i / p->ncols) * tile->ncols + (p->col0 - tile->col0 + i % p->ncols)) * ndays;
        for (size_t d = 0; d < ndays; d++) {
            const float *day = w->block + p->offset + d * map;
            for (size_t i = 0; i < map; i++) w->series[w->cell_of[i] + d] = day[i];
        }
    }
    for (size_t t = 0; t < cells; t++) {
        const float *series = w->series + t * ndays;
        int status = drydown_analyse(&j->options->drydown, series, NULL, ndays, &w->result, err);
        thresholds_result e;
        if (status == DT_OK) status = thresholds_estimate(&j->options->thresholds, &w->result, series, ndays, &w->work, &e, err);
        if (status != DT_OK) return status;
        const drydown_result *r = &w->result;
        float values[OUT_COUNT] = {(float)e.theta_w, (float)e.theta_c, (float)r->theta_w_q25, (float)r->theta_w_q75,
                                   (float)r->theta_c_q25, (float)r->theta_c_q75, (float)r->tau, (float)r->count,
                                   (float)r->kept, (float)r->mean_sm, (float)r->valid, (float)r->status,
                                   (float)e.theta_w_low, (float)e.theta_w_high, (float)e.theta_c_low, (float)e.theta_c_high,
                                   (float)e.status, (float)e.theta_star, (float)e.theta_star_low, (float)e.theta_star_high,
                                   (float)e.loss_max};
        for (int k = 0; k < OUT_COUNT; k++) w->plane[k][t] = values[k];
        if (j->options->events)
            append_events(w, j, tile->row0 + t / tile->ncols, tile->col0 + t % tile->ncols);
    }
    return DT_OK;
}

static int write_tile(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    drydown_job *j = job;
    drydown_worker *w = worker;
    for (int k = 0; k < output_count(j); k++)
        if (cfwrite_put_float(&j->output.out, j->varid[k], 0, 1, tile->row0, tile->nrows, tile->col0, tile->ncols,
                              w->plane[k], err) != DT_OK)
            return err->code;
    if (job_output_put_masked(&j->output, tile, w->masked, err) != DT_OK) return err->code;
    /* the tile's rows go beside the output, committed by its done flag (job_text.h) */
    if (j->options->events) return job_output_put_text(&j->output, tile, w->events, w->events_length, err);
    return DT_OK;
}

/* For MPI: the tile's planes (OUT_COUNT × cells floats), its masked count (a double), then its
 * events' CSV text. */
static int pack_tile(void *job, void *worker, const job_tile *tile, void **data, size_t *size, dt_error *err)
{
    (void)job, (void)err;
    drydown_worker *w = worker;
    size_t plane = tile->nrows * tile->ncols * sizeof(float), head = OUT_COUNT * plane + sizeof w->masked;
    unsigned char *buffer = dt_malloc(head + w->events_length + 1);
    for (int k = 0; k < OUT_COUNT; k++) memcpy(buffer + (size_t)k * plane, w->plane[k], plane);
    memcpy(buffer + OUT_COUNT * plane, &w->masked, sizeof w->masked);
    if (w->events_length) memcpy(buffer + head, w->events, w->events_length);
    *data = buffer;
    *size = head + w->events_length;
    return DT_OK;
}

static int unpack_tile(void *job, void *worker, const job_tile *tile, const void *data, size_t size, dt_error *err)
{
    (void)job;
    drydown_worker *w = worker;
    size_t plane = tile->nrows * tile->ncols * sizeof(float), head = OUT_COUNT * plane + sizeof w->masked;
    if (size < head)
        return dt_error_set(err, DT_ERR_FORMAT, "drydowns: tile %zu: %zu bytes of results, at least %zu expected",
                            tile->index, size, head);
    const unsigned char *bytes = data;
    for (int k = 0; k < OUT_COUNT; k++) memcpy(w->plane[k], bytes + (size_t)k * plane, plane);
    memcpy(&w->masked, bytes + OUT_COUNT * plane, sizeof w->masked);
    w->events_length = size - head;
    if (w->events_length + 1 > w->events_capacity) {
        w->events_capacity = w->events_length + 1024;
        w->events = dt_realloc(w->events, w->events_capacity);
    }
    if (w->events_length) memcpy(w->events, bytes + head, w->events_length);
    w->events[w->events_length] = '\0';
    return DT_OK;
}

static int mark_done(void *job, const job_tile *tile, dt_error *err)
{
    drydown_job *j = job;
    return job_output_mark_done(&j->output, tile, err);
}

/* threshold_status: CF flags (identified, censored, too_few_data). */
static int status_flags(cf_output *out, int varid, dt_error *err)
{
    signed char values[THRESHOLDS_STATUS_COUNT];
    char meanings[128] = "";
    for (int s = 0; s < THRESHOLDS_STATUS_COUNT; s++) {
        values[s] = (signed char)s;
        if (s) strcat(meanings, " ");
        strcat(meanings, thresholds_status_flag((thresholds_status)s));
    }
    int status = nc_put_att_schar(out->ncid, varid, "flag_values", NC_BYTE, THRESHOLDS_STATUS_COUNT, values);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, out->path, "threshold_status", "cannot be defined");
    return cfwrite_text(out, varid, "flag_meanings", meanings, err);
}

static int define_outputs(cf_output *out, void *context, dt_error *err)
{
    drydown_job *j = context;
    thresholds_estimator estimator = j->options->thresholds.estimator;
    for (int k = 0; k < OUT_COUNT; k++) {
        if (estimator != THRESHOLDS_LOSS && k >= OUT_STAR) continue; /* the loss function's own outputs */
        const char *long_name = k == OUT_THETA_W || k == OUT_THETA_C ? estimate_names[estimator][k == OUT_THETA_C]
                              : outputs[k].long_name;
        cf_variable spec = {.name = outputs[k].name, .type = outputs[k].type, .units = outputs[k].units,
                            .long_name = long_name, .fill = outputs[k].fill};
        if (cfwrite_define(out, &spec, &j->varid[k], err) != DT_OK) return err->code;
    }
    signed char values[DRYDOWN_CELL_STATUS_COUNT];
    for (int s = 0; s < DRYDOWN_CELL_STATUS_COUNT; s++) values[s] = (signed char)s;
    int status = nc_put_att_schar(out->ncid, j->varid[OUT_STATUS], "flag_values", NC_BYTE, DRYDOWN_CELL_STATUS_COUNT, values);
    if (status != NC_NOERR) return ncfile_error(err, DT_ERR_IO, status, out->path, "status", "cannot be defined");
    const drydown_options *o = &j->options->drydown;
    if (cfwrite_text(out, j->varid[OUT_STATUS], "flag_meanings", "ok no_valid_data no_drydown_events no_event_kept", err) ||
        status_flags(out, j->varid[OUT_THRESHOLD_STATUS], err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_estimator", thresholds_estimator_name(estimator), err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_min_points", (double)o->min_points, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_r2_min", o->r2_min, err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_source_variable", j->source->variable, err))
        return err->code;
    return DT_OK;
}

static int find_outputs(int ncid, void *context, dt_error *err)
{
    drydown_job *j = context;
    for (int k = 0; k < output_count(j); k++)
        if (nc_inq_varid(ncid, outputs[k].name, &j->varid[k]) != NC_NOERR)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: missing, cannot resume", outputs[k].name);
    return DT_OK;
}

static void signature(char *buffer, size_t size, const series_source *s, const drydown_options *o,
                      const thresholds_options *t, int events)
{
    snprintf(buffer, size, "drydowns source=%s variable=%s days=%zu first_day=%ld min_points=%zu r2_min=%g start_rise=%g "
             "rise_fraction=%g rise_absolute=%g max_gap=%zu rain=%g max_length=%zu min_range=%g cap=%g pixel_min=%d tau=%g-%g"
             " estimator=%s min_events=%zu approach=%g noise=%g events=%s",
             series_path(s), s->variable, s->ndays, s->first_day, o->min_points, o->r2_min,
             o->start_rise, o->rise_fraction, o->rise_absolute, o->max_gap, o->rain_threshold, o->max_length,
             o->min_range_fraction, o->cap_fraction, o->lower_bound_pixel_min, o->tau_min, o->tau_max,
             thresholds_estimator_name(t->estimator), t->min_events, t->approach, t->noise, events ? "yes" : "no");
}

static const job_callbacks callbacks = {worker_create, worker_free, read_tile, compute_tile, write_tile, mark_done};
static const job_transfer transfer = {pack_tile, unpack_tile};

int drydown_job_run(series_source *source, const char *output, const drydown_job_options *options, size_t *masked,
                    dt_error *err)
{
    if (masked) *masked = 0;
    int status = drydown_validate(&options->drydown, err);
    if (status != DT_OK) return status;
    drydown_job_options local = *options; /* the pooled fit searches τ where the events' fits did */
    local.thresholds.tau_min = options->drydown.tau_min;
    local.thresholds.tau_max = options->drydown.tau_max;
    options = &local;
    drydown_job j = {.options = options, .source = source};
    find_chunking(&j);
    job_config config = options->job;
    config.rows = grid_rows(source->grid);
    config.cols = grid_cols(source->grid);
    char sig[2048];
    signature(sig, sizeof sig, source, &options->drydown, &options->thresholds, options->events != NULL);
    char *single = (char *)series_path(source); /* a cube, one daily file or a station's file */
    job_output_spec spec = {.title = "drytex drydown thresholds", .history = options->history, .signature = sig,
                            .resume = options->resume, .inputs = source->nfiles ? source->paths : &single,
                            .ninputs = source->nfiles ? source->nfiles : 1, .text_path = options->events,
                            .text_header = drydown_job_events_header(), .define = define_outputs,
                            .find = find_outputs, .context = &j};
    status = job_output_open(&j.output, output, source->grid, &config, &spec, err);
    if (status != DT_OK) return status;
    config.done = j.output.done;
    config.transfer = &transfer;
    config.name = "drydowns";
    status = job_run(&config, &callbacks, &j, NULL, err);
    double total = 0;
    if (status == DT_OK) status = job_output_masked_total(&j.output, &total, err);
    if (status == DT_OK) status = job_output_finish(&j.output, err);
    if (status == DT_OK && j.output.writer) status = summary_write_masked(&j.output.out, total, err);
    if (masked) *masked = (size_t)total;
    dt_error close_error;
    if (job_output_close(&j.output, &close_error) != DT_OK && status == DT_OK) {
        *err = close_error;
        status = err->code;
    }
    return status;
}
