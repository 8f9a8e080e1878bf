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

/* "drytex: writing the demo world … 6 of 11 files" on one line of a terminal. */
static void first_run_progress(size_t done, size_t total, void *context)
{
    (void)context;
    fprintf(stderr, "\rdrytex: writing the demo world (first run): %zu of %zu files", done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

int demo_cache_open(const char *base, const demo_settings *settings, char *dir, size_t size, dt_error *err)
{
    if ((size_t)snprintf(dir, size, "%s/demo", base) >= size) return dt_error_set(err, DT_ERR_IO, "%s: path too long", base);
    int version = stamped_version(dir);
    if (version == DEMO_WORLD_VERSION) return DT_OK;
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
    fprintf(stderr, "drytex: writing the demo world to %s (first run, %zu files, about 40 MB)\n", dir,
            demo_write_file_count(settings, DEMO_CONTENTS_EXPLORER));
    demo_world world;
    int status = demo_world_build(&world, settings, err);
    if (status == DT_OK)
        status = demo_write_contents(&world, partial, DEMO_CONTENTS_EXPLORER, isatty(2) ? first_run_progress : NULL,
                                     NULL, err);
    demo_world_free(&world);
    if (status == DT_OK) status = write_stamp(partial, err);
    if (status == DT_OK && rename(partial, dir) != 0) {
        /* another drytex finished first: use its demo if it is this version, else say why not */
        if ((errno == EEXIST || errno == ENOTEMPTY) && stamped_version(dir) == DEMO_WORLD_VERSION) status = DT_OK;
        else status = dt_error_set(err, DT_ERR_IO, "%s: cannot be renamed to %s: %s", partial, dir, strerror(errno));
    }
    nftw(partial, remove_entry, 16, FTW_DEPTH | FTW_PHYS); /* nothing when the rename succeeded */
    return status;
}
