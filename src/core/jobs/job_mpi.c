/* job_mpi.c — the MPI ranks sharing a domain job: joining the world only under an MPI launcher,
 * agreeing on failures, and the point-to-point messages of the one-writer tile protocol. All MPI
 * calls come from the thread that opened the group (MPI_THREAD_FUNNELED); waits poll with a
 * short sleep, because a blocked MPI call spins and would steal a core from the worker threads. */
#include "config.h"

#include "job_mpi.h"

#include <stdlib.h>
#include <string.h>

/* The number in an environment variable, or 0 when it is absent or not a number. */
static long environment_number(const char *name)
{
    const char *text = getenv(name);
    char *end;
    long value = text && *text ? strtol(text, &end, 10) : 0;
    return text && *text && *end == '\0' ? value : 0;
}

/* Whether an MPI launcher started this process: OpenMPI's mpirun, PMIx (Slurm's srun --mpi=pmix
 * included) or PMI/PMI2 (MPICH's Hydra, srun --mpi=pmi2). */
static int started_by_launcher(void)
{
    static const char *const names[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (getenv(names[i])) return 1;
    return 0;
}

/* Refuses to be one of several copies that would each run the whole job into the same output:
 * srun starting tasks without an MPI plugin, or a launcher starting a build without MPI. */
static int refuse_copies(int built_with_mpi, dt_error *err)
{
    long tasks = environment_number("SLURM_STEP_NUM_TASKS");
    if (!started_by_launcher() && tasks > 1 && getenv("SLURM_PROCID"))
        return dt_error_set(err, DT_ERR_USAGE, "started by srun as task %ld of %ld without MPI (no PMI or PMIx in the "
                            "environment): use srun --mpi=pmix (or pmi2), or start one task", environment_number("SLURM_PROCID"), tasks);
    long size = environment_number("OMPI_COMM_WORLD_SIZE");
    if (size < 2) size = environment_number("PMI_SIZE");
    if (size < 2 && started_by_launcher()) size = tasks;
    if (!built_with_mpi && size > 1)
        return dt_error_set(err, DT_ERR_USAGE, "started as one of %ld MPI processes, but this drytex was built without "
                            "MPI (./configure --with-mpi); start one process", size);
    return DT_OK;
}

#ifdef HAVE_MPI
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct job_group {
    MPI_Comm comm;   /* a duplicate of MPI_COMM_WORLD: the job's messages match nothing else */
    int rank, size, local_size;
};

int job_group_open(job_group **group, dt_error *err)
{
    *group = NULL;
    if (refuse_copies(1, err) != DT_OK) return err->code;
    if (!started_by_launcher()) return DT_OK;
    int provided = MPI_THREAD_SINGLE;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return dt_error_set(err, DT_ERR_IO, "MPI: cannot be initialised");
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        return dt_error_set(err, DT_ERR_USAGE, "MPI: this library provides no thread support (level %d), "
                            "drytex needs MPI_THREAD_FUNNELED", provided);
    }
    job_group *g = dt_calloc(1, sizeof *g);
    MPI_Comm_dup(MPI_COMM_WORLD, &g->comm);
    MPI_Comm_rank(g->comm, &g->rank);
    MPI_Comm_size(g->comm, &g->size);
    MPI_Comm node;
    MPI_Comm_split_type(g->comm, MPI_COMM_TYPE_SHARED, g->rank, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &g->local_size);
    MPI_Comm_free(&node);
    *group = g;
    return DT_OK;
}

void job_group_close(job_group *g)
{
    if (!g) return;
    MPI_Comm_free(&g->comm);
    free(g);
    MPI_Finalize();
}

int job_group_rank(const job_group *g)
{
    return g ? g->rank : 0;
}

int job_group_size(const job_group *g)
{
    return g ? g->size : 1;
}

int job_group_local_size(const job_group *g)
{
    return g && g->local_size > 0 ? g->local_size : 1;
}

void job_group_pause(void)
{
    struct timespec t = {0, 1000000};
    nanosleep(&t, NULL);
}

static void wait_for(MPI_Request *request)
{
    int done = 0;
    for (;;) {
        MPI_Test(request, &done, MPI_STATUS_IGNORE);
        if (done) return;
        job_group_pause();
    }
}

int job_group_agree(job_group *g, int status, dt_error *err)
{
    if (!g || g->size < 2) return status;
    int *all = dt_malloc((size_t)g->size * sizeof *all);
    MPI_Request request;
    MPI_Iallgather(&status, 1, MPI_INT, all, 1, MPI_INT, g->comm, &request);
    wait_for(&request);
    int first = -1;
    for (int r = 0; r < g->size && first < 0; r++)
        if (all[r] != DT_OK) first = r;
    int agreed = first < 0 ? DT_OK : all[first];
    free(all);
    if (first < 0) return DT_OK;
    char text[DT_ERROR_TEXT] = "";
    if (g->rank == first && err) memcpy(text, err->text, sizeof text);
    MPI_Ibcast(text, DT_ERROR_TEXT, MPI_CHAR, first, g->comm, &request);
    wait_for(&request);
    text[DT_ERROR_TEXT - 1] = '\0';
    if (first == 0) dt_error_set(err, (dt_status)agreed, "%s", text);
    else dt_error_set(err, (dt_status)agreed, "MPI rank %d of %d: %s", first, g->size, text);
    return agreed;
}

void job_group_broadcast(job_group *g, void *data, size_t size)
{
    if (!g || g->size < 2) return;
    unsigned char *bytes = data;
    while (size > 0) { /* in pieces an int can count */
        int piece = size > (size_t)INT32_MAX ? INT32_MAX : (int)size;
        MPI_Request request;
        MPI_Ibcast(bytes, piece, MPI_BYTE, 0, g->comm, &request);
        wait_for(&request);
        bytes += piece;
        size -= (size_t)piece;
    }
}

/* ---- the tile protocol -------------------------------------------------------------------- */

/* END and OUTCOME on the wire: a status and its message. */
typedef struct {
    int32_t status;
    char text[DT_ERROR_TEXT];
} status_message;

int job_group_send_tile(job_group *g, size_t tile, const void *data, size_t size, dt_error *err)
{
    uint64_t index = tile;
    if (size > (size_t)INT32_MAX - sizeof index)
        return dt_error_set(err, DT_ERR_VALUE, "tile %zu: %zu bytes of results are too many for one MPI message "
                            "(use a smaller --tile)", tile, size);
    unsigned char *message = dt_malloc(sizeof index + size);
    memcpy(message, &index, sizeof index);
    if (size) memcpy(message + sizeof index, data, size);
    MPI_Send(message, (int)(sizeof index + size), MPI_BYTE, 0, JOB_MESSAGE_TILE, g->comm);
    free(message);
    return DT_OK;
}

static void send_status(job_group *g, int rank, int tag, int status, const dt_error *err)
{
    status_message m = {.status = status};
    if (status != DT_OK && err) memcpy(m.text, err->text, sizeof m.text);
    MPI_Send(&m, (int)sizeof m, MPI_BYTE, rank, tag, g->comm);
}

void job_group_send_end(job_group *g, int status, const dt_error *err)
{
    send_status(g, 0, JOB_MESSAGE_END, status, err);
}

void job_group_send_stop(job_group *g, int rank)
{
    MPI_Send(NULL, 0, MPI_BYTE, rank, JOB_MESSAGE_STOP, g->comm);
}

void job_group_send_outcome(job_group *g, int rank, int status, const dt_error *err)
{
    send_status(g, rank, JOB_MESSAGE_OUTCOME, status, err);
}

static void decode(job_message *m, unsigned char *bytes, size_t size)
{
    if (m->kind == JOB_MESSAGE_TILE && size >= sizeof(uint64_t)) {
        uint64_t index;
        memcpy(&index, bytes, sizeof index);
        m->tile = (size_t)index;
        m->size = size - sizeof index;
        m->data = dt_malloc(m->size ? m->size : 1);
        memcpy(m->data, bytes + sizeof index, m->size);
    } else if ((m->kind == JOB_MESSAGE_END || m->kind == JOB_MESSAGE_OUTCOME) && size == sizeof(status_message)) {
        status_message s;
        memcpy(&s, bytes, sizeof s);
        s.text[DT_ERROR_TEXT - 1] = '\0';
        m->status = s.status;
        dt_error_clear(&m->error);
        if (s.status != DT_OK) dt_error_set(&m->error, (dt_status)s.status, "%s", s.text);
    } else if (m->kind != JOB_MESSAGE_STOP) {
        m->status = DT_ERR_FORMAT;
        dt_error_set(&m->error, DT_ERR_FORMAT, "a malformed message (tag %d, %zu bytes) from MPI rank %d",
                     (int)m->kind, size, m->source);
        m->kind = JOB_MESSAGE_END;
    }
}

int job_group_poll(job_group *g, int source, job_message *m)
{
    int arrived = 0, count = 0;
    MPI_Status status;
    MPI_Iprobe(source < 0 ? MPI_ANY_SOURCE : source, MPI_ANY_TAG, g->comm, &arrived, &status);
    if (!arrived) return 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    unsigned char *bytes = dt_malloc(count > 0 ? (size_t)count : 1);
    MPI_Recv(bytes, count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, g->comm, MPI_STATUS_IGNORE);
    memset(m, 0, sizeof *m);
    m->kind = (job_message_kind)status.MPI_TAG;
    m->source = status.MPI_SOURCE;
    decode(m, bytes, count > 0 ? (size_t)count : 0);
    free(bytes);
    return 1;
}

#else /* built without MPI: always one process */

int job_group_open(job_group **group, dt_error *err)
{
    *group = NULL;
    return refuse_copies(0, err);
}

void job_group_close(job_group *group)
{
    (void)group;
}

int job_group_rank(const job_group *group)
{
    (void)group;
    return 0;
}

int job_group_size(const job_group *group)
{
    (void)group;
    return 1;
}

int job_group_local_size(const job_group *group)
{
    (void)group;
    return 1;
}

int job_group_agree(job_group *group, int status, dt_error *err)
{
    (void)group, (void)err;
    return status;
}

void job_group_broadcast(job_group *group, void *data, size_t size)
{
    (void)group, (void)data, (void)size;
}

#endif
