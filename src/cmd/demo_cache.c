/* demo_cache.c — the bundled demo in the user's cache: versioned and written atomically. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw; the explorer build gets 600 from ncursesw's flags */
#endif
#include "demo_cache.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_write.h"

static int make_directory(const char *path, dt_error *err)
{
    struct stat info;
    if (mkdir(path, 0755) == 0 || (errno == EEXIST && stat(path, &info) == 0 && S_ISDIR(info.st_mode)))
        return DT_OK;
    return dt_error_set(err, DT_ERR_IO, "%s: cannot create the cache directory: %s", path,
                        errno == EEXIST ? "it exists and is not a directory" : strerror(errno));
}

int demo_cache_base(char *base, size_t size, dt_error *err)
{
    const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char parent[3800];
    if (cache && *cache) snprintf(parent, sizeof parent, "%s", cache);
    else if (home && *home) snprintf(parent, sizeof parent, "%s/.cache", home);
    else return dt_error_set(err, DT_ERR_IO, "neither XDG_CACHE_HOME nor HOME is set: run 'drytex demo DIR' and open DIR");
    if (make_directory(parent, err) != DT_OK) return err->code;
    if ((size_t)snprintf(base, size, "%s/drytex", parent) >= size)
        return dt_error_set(err, DT_ERR_IO, "%s: path too long", parent);
    return make_directory(base, err);
}

/* The version stamped in DIR/VERSION: 0 when the directory does not exist, 1 for a demo written
 * before stamps (or with an unreadable stamp). */
static int stamped_version(const char *dir)
{
    struct stat info;
    if (stat(dir, &info) != 0) return 0;
    char path[4300];
    snprintf(path, sizeof path, "%s/VERSION", dir);
    FILE *file = fopen(path, "r");
    if (!file) return 1;
    int version = 1;
    if (fscanf(file, "drytex demo world %d", &version) != 1 || version < 1) version = 1;
    fclose(file);
    return version;
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *ftw)
{
    (void)info, (void)type, (void)ftw;
    return remove(path);
}

static int write_stamp(const char *dir, dt_error *err)
{
    char path[4300];
    if ((size_t)snprintf(path, sizeof path, "%s/VERSION", dir) >= sizeof path)
        return dt_error_set(err, DT_ERR_IO, "%s: path too long", dir);
    FILE *file = fopen(path, "w");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", path, strerror(errno));
    fprintf(file, "drytex demo world %d\n", DEMO_WORLD_VERSION);
    if (fclose(file) != 0) return dt_error_set(err, DT_ERR_IO, "%s: write failed", path);
    return DT_OK;
}

/* BASE/demo.partial-PID of processes that are gone (a first run stopped by Ctrl-C, a crash or a
 * full disk) are removed: nobody will finish them, and each holds up to the whole demo. */
static void remove_stale_partials(const char *base)
{
    DIR *dir = opendir(base);
    if (!dir) return;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        long pid;
        char rest;
        if (sscanf(entry->d_name, "demo.partial-%ld%c", &pid, &rest) != 1 || pid <= 0) continue;
        if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) continue; /* still being written */
        char path[4400];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", base, entry->d_name) >= sizeof path) continue;
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    closedir(dir);
}

/* "drytex: writing the demo world (first run): 40 %" on one line of a terminal. */
static void first_run_progress(size_t done, size_t total, void *context)
{
    (void)context;
    fprintf(stderr, "\rdrytex: writing the demo world (first run): %3.0f %%", 100.0 * (double)done / (double)(total ? total : 1));
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

/* DIR/PENDING: "drytex demo world rest: pid N" while the rest (DEMO_PART_REST) is being written. */
static void pending_path(const char *dir, char *path, size_t size)
{
    snprintf(path, size, "%s/PENDING", dir);
}

static int write_pending(const char *dir, long pid, dt_error *err)
{
    char path[4300], temporary[4400];
    pending_path(dir, path, sizeof path);
    snprintf(temporary, sizeof temporary, "%s.%ld", path, pid);
    FILE *file = fopen(temporary, "w");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", temporary, strerror(errno));
    fprintf(file, "drytex demo world rest: pid %ld\n", pid);
    if (fclose(file) != 0 || rename(temporary, path) != 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", path, strerror(errno));
    return DT_OK;
}

static int process_alive(long pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH);
}

int demo_cache_pending(const char *dir, long *pid)
{
    char path[4300];
    pending_path(dir, path, sizeof path);
    FILE *file = fopen(path, "r");
    if (!file) return 0;
    long writer = 0;
    if (fscanf(file, "drytex demo world rest: pid %ld", &writer) != 1) writer = 0;
    fclose(file);
    if (pid) *pid = writer;
    return 1;
}

/* Files NAME.partial-PID in dir left by writers that are gone. */
static void remove_stale_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *entry;
    while ((entry = readdir(d))) {
        const char *mark = strstr(entry->d_name, ".partial-");
        long pid;
        char rest;
        if (!mark || sscanf(mark, ".partial-%ld%c", &pid, &rest) != 1 || process_alive(pid)) continue;
        char path[4400];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, entry->d_name) < sizeof path) remove(path);
    }
    closedir(d);
}

/* The rest of the demo (forcing.nc, truth.nc, the HWSD-like soils) written into dir by a process of
 * its own: a grandchild in a session of its own, so the explorer's Ctrl-C does not stop it, it
 * outlives the explorer, and nobody has to wait for it. DIR/PENDING names it while it writes and
 * goes when it is done; a writer that died (a reboot, a kill) is followed by a new one at the next
 * start. Each file appears whole (DEMO_PART_REST's renames). */
static int start_rest(const char *dir, const demo_world *world, dt_error *err)
{
    char soil[4300];
    snprintf(soil, sizeof soil, "%s/soil", dir);
    remove_stale_files(dir);
    remove_stale_files(soil);
    fflush(NULL);
    pid_t child = fork();
    if (child < 0) return dt_error_set(err, DT_ERR_IO, "%s: the rest of the demo cannot be written in the background: %s", dir, strerror(errno));
    if (child == 0) {
        if (fork() != 0) _exit(0); /* the grandchild goes on, adopted by init: no zombie, no wait */
        setsid();
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) dup2(null, STDIN_FILENO), dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
        dt_error ignored;
        int status = write_pending(dir, (long)getpid(), &ignored);
        if (status == DT_OK) status = demo_write_contents(world, dir, DEMO_PART_REST, NULL, NULL, &ignored);
        char pending[4300];
        pending_path(dir, pending, sizeof pending);
        if (status == DT_OK) remove(pending);
        _exit(status == DT_OK ? 0 : 1); /* the explorer's atexit handlers (HDF5's, curses') are not ours to run */
    }
    int ignored;
    waitpid(child, &ignored, 0);
    return DT_OK;
}

/* A demo whose rest is pending: nothing to do while its writer lives; else a new writer. */
static int resume_rest(const char *dir, const demo_settings *settings, dt_error *err)
{
    long pid = 0;
    if (!demo_cache_pending(dir, &pid) || process_alive(pid)) return DT_OK;
    demo_world world;
    int status = demo_world_build(&world, settings, err);
    if (status == DT_OK) status = write_pending(dir, (long)getpid(), err);
    if (status == DT_OK) status = start_rest(dir, &world, err);
    demo_world_free(&world);
    return status;
}

static int cache_open(const char *base, const demo_settings *settings, int background, char *dir, size_t size, dt_error *err)
{
    if ((size_t)snprintf(dir, size, "%s/demo", base) >= size) return dt_error_set(err, DT_ERR_IO, "%s: path too long", base);
    int version = stamped_version(dir);
    if (version == DEMO_WORLD_VERSION) return resume_rest(dir, settings, err);
    if (version != 0) {
        char old[4200];
        snprintf(old, sizeof old, "%s/demo.old-%d", base, version);
        if (stamped_version(old) != 0)
            return dt_error_set(err, DT_ERR_IO, "%s is a demo of another drytex and %s is taken: move one of them away",
                                dir, old);
        if (rename(dir, old) != 0)
            return dt_error_set(err, DT_ERR_IO, "%s: cannot be renamed to %s: %s", dir, old, strerror(errno));
        fprintf(stderr, "drytex: the cached demo is world version %d, this drytex writes %d; the old one is kept as %s\n",
                version, DEMO_WORLD_VERSION, old);
    }
    char partial[4200];
    snprintf(partial, sizeof partial, "%s/demo.partial-%ld", base, (long)getpid());
    remove_stale_partials(base); /* ours too: a leftover of an earlier process with our pid */
    double megabytes = demo_cache_megabytes(settings);
    fprintf(stderr, "drytex: writing the demo world to %s (first run; %zu × %zu cells, %zu days: about %.*f MB)%s\n", dir,
            settings->rows, settings->cols, settings->ndays, megabytes < 10 ? 1 : 0, megabytes,
            background ? ": the cube and soils now, the forcing and the rest in the background" : "");
    demo_world world;
    int status = demo_world_build(&world, settings, err);
    if (status == DT_OK)
        status = demo_write_contents(&world, partial, background ? DEMO_PART_FIRST : DEMO_CONTENTS_EXPLORER,
                                     isatty(2) ? first_run_progress : NULL, NULL, err);
    if (status == DT_OK) status = write_stamp(partial, err);
    if (status == DT_OK && background) status = write_pending(partial, (long)getpid(), err);
    int ours = status == DT_OK;
    if (status == DT_OK && rename(partial, dir) != 0) {
        /* another drytex finished first: use its demo if it is this version, else say why not */
        ours = 0;
        if ((errno == EEXIST || errno == ENOTEMPTY) && stamped_version(dir) == DEMO_WORLD_VERSION) status = DT_OK;
        else status = dt_error_set(err, DT_ERR_IO, "%s: cannot be renamed to %s: %s", partial, dir, strerror(errno));
    }
    nftw(partial, remove_entry, 16, FTW_DEPTH | FTW_PHYS); /* nothing when the rename succeeded */
    if (status == DT_OK && ours && background) status = start_rest(dir, &world, err);
    else if (status == DT_OK && !ours) status = resume_rest(dir, settings, err);
    demo_world_free(&world);
    return status;
}

int demo_cache_open(const char *base, const demo_settings *settings, char *dir, size_t size, dt_error *err)
{
    return cache_open(base, settings, 0, dir, size, err);
}

int demo_cache_open_first(const char *base, const demo_settings *settings, char *dir, size_t size, dt_error *err)
{
    return cache_open(base, settings, 1, dir, size, err);
}

/* The cached demo's size: measured on the default world (40 × 60 cells, 3653 days: the cube 24.7
 * MB, the forcing 13.6, the stations 1.5, the soils and truth 1.2) and scaled by its cells × days. */
double demo_cache_megabytes(const demo_settings *settings)
{
    return 41.0 * (double)(settings->rows * settings->cols * settings->ndays) / (40.0 * 60.0 * 3653.0);
}
