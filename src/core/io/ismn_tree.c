/* ismn_tree.c — which file of an ISMN download to read: the NETWORK/STATION/… tree, one station,
 * its soil-moisture files at several depths and sensors (ISMN file naming: NETWORK_NETWORK_
 * STATION_sm_DEPTHFROM_DEPTHTO_SENSOR_START_END.stm, depths in metres). */
#include "ismn.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "zipread.h"

typedef struct {
    char path[1024];
    char station[256]; /* the directory holding it */
    double from, to;   /* [m] */
} ismn_file;

typedef struct {
    ismn_file *items;
    size_t count;
} ismn_files;

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && strcmp(text + n - m, suffix) == 0;
}

/* Depths from a file name's "_sm_FROM_TO_"; 0 when the name has none. */
static int depths_from_name(const char *name, double *from, double *to)
{
    const char *sm = strstr(name, "_sm_");
    if (!sm) return 0;
    char *end;
    *from = strtod(sm + 4, &end);
    if (end == sm + 4 || *end != '_') return 0;
    const char *second = end + 1;
    *to = strtod(second, &end);
    return end != second && *end == '_';
}

static void walk(const char *directory, ismn_files *files, int depth)
{
    if (depth > 8) return;
    DIR *dir = opendir(directory);
    if (!dir) return;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        char path[1024];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", directory, entry->d_name) >= sizeof path) continue;
        struct stat info;
        if (stat(path, &info) != 0) continue;
        if (S_ISDIR(info.st_mode)) {
            walk(path, files, depth + 1);
            continue;
        }
        double from, to;
        if (!ends_with(entry->d_name, ".stm") || !depths_from_name(entry->d_name, &from, &to)) continue;
        files->items = dt_realloc(files->items, (files->count + 1) * sizeof *files->items);
        ismn_file *f = &files->items[files->count++];
        snprintf(f->path, sizeof f->path, "%s", path);
        snprintf(f->station, sizeof f->station, "%s", directory);
        f->from = from;
        f->to = to;
    }
    closedir(dir);
}

/* "X.zip" or "X.zip/PREFIX" → the archive and the prefix inside it (no leading or trailing '/'). */
static int zip_split(const char *path, char *archive, size_t size, const char **prefix)
{
    for (size_t i = 0; path[i]; i++) {
        if (strncasecmp(path + i, ".zip", 4) != 0 || (path[i + 4] && path[i + 4] != '/')) continue;
        if (i + 4 >= size) return 0;
        memcpy(archive, path, i + 4);
        archive[i + 4] = '\0';
        *prefix = path + i + 4 + (path[i + 4] == '/');
        return 1;
    }
    return 0;
}

static int in_prefix(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    while (n > 0 && prefix[n - 1] == '/') n--;
    return n == 0 || (strncmp(name, prefix, n) == 0 && (name[n] == '/' || name[n] == '\0'));
}

/* The soil-moisture members of a zip below prefix, as "ARCHIVE.zip/MEMBER". */
static int walk_zip(const char *archive_path, const char *prefix, ismn_files *files, dt_error *err)
{
    zipread_archive archive;
    int status = zipread_open(archive_path, &archive, err);
    for (size_t i = 0; status == DT_OK && i < archive.count; i++) {
        const char *name = archive.members[i].name, *base = strrchr(name, '/');
        base = base ? base + 1 : name;
        double from, to;
        if (!in_prefix(name, prefix) || !ends_with(base, ".stm") || !depths_from_name(base, &from, &to)) continue;
        files->items = dt_realloc(files->items, (files->count + 1) * sizeof *files->items);
        ismn_file *f = &files->items[files->count++];
        snprintf(f->path, sizeof f->path, "%s/%s", archive_path, name);
        snprintf(f->station, sizeof f->station, "%s/%.*s", archive_path, (int)(base - name > 0 ? base - name - 1 : 0), name);
        f->from = from;
        f->to = to;
    }
    zipread_close(&archive);
    return status;
}

static int by_depth_then_name(const void *a, const void *b)
{
    const ismn_file *x = a, *y = b;
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    if (x->to != y->to) return x->to < y->to ? -1 : 1;
    return strcmp(x->path, y->path);
}

int ismn_is_station_path(const char *path)
{
    char archive[1024];
    const char *prefix;
    if (zip_split(path, archive, sizeof archive, &prefix)) {
        ismn_files files = {0};
        int found = walk_zip(archive, prefix, &files, NULL) == DT_OK && files.count > 0;
        free(files.items);
        return found;
    }
    struct stat info;
    if (stat(path, &info) != 0) return 0;
    if (!S_ISDIR(info.st_mode)) return ends_with(path, ".stm");
    ismn_files files = {0};
    walk(path, &files, 0);
    free(files.items);
    return files.count > 0;
}

static int choose(const char *path, const ismn_files *files, const ismn_options *o, char *file, size_t size,
                  dt_error *err)
{
    for (size_t i = 1; i < files->count; i++)
        if (strcmp(files->items[i].station, files->items[0].station) != 0)
            return dt_error_set(err, DT_ERR_USAGE, "%s: holds several stations (%s, %s, …): give one station's "
                                "directory or file", path, files->items[0].station, files->items[i].station);
    char depths[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < files->count; i++) {
        const ismn_file *f = &files->items[i];
        int fits = o->depth >= 0 ? fabs(f->from - o->depth) < 0.0005
                                 : f->from >= 0 && f->to <= o->max_depth + 0.001; /* SCAN's 2 in = 0.0508 m */
        if (fits) {
            snprintf(file, size, "%s", f->path);
            return DT_OK;
        }
        if (used < sizeof depths)
            used += (size_t)snprintf(depths + used, sizeof depths - used, "%s%.3f–%.3f m", used ? ", " : "", f->from, f->to);
    }
    if (o->depth >= 0)
        return dt_error_set(err, DT_ERR_VALUE, "%s: no soil-moisture layer at %.3f m (it has %s)", path, o->depth, depths);
    return dt_error_set(err, DT_ERR_VALUE, "%s: no soil-moisture layer within 0–%.2f m (it has %s): give --depth", path,
                        o->max_depth, depths);
}

int ismn_choose_file(const char *path, const ismn_options *o, char *file, size_t size, dt_error *err)
{
    char archive[1024];
    const char *prefix;
    int zipped = zip_split(path, archive, sizeof archive, &prefix);
    struct stat info;
    if (zipped ? ends_with(prefix, ".stm") : stat(path, &info) == 0 && !S_ISDIR(info.st_mode)) {
        snprintf(file, size, "%s", path); /* one file: read as it is, whatever its depth */
        return DT_OK;
    }
    if (!zipped && stat(path, &info) != 0) return dt_error_set(err, DT_ERR_IO, "%s: no such file or directory", path);
    ismn_files files = {0};
    if (zipped) {
        int status = walk_zip(archive, prefix, &files, err);
        if (status != DT_OK) return status;
    } else {
        walk(path, &files, 0);
    }
    if (files.count == 0)
        return dt_error_set(err, DT_ERR_MISSING, "%s: no ISMN soil-moisture file (*_sm_*.stm) below it", path);
    qsort(files.items, files.count, sizeof *files.items, by_depth_then_name);
    int status = choose(path, &files, o, file, size, err);
    free(files.items);
    return status;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ismn_station_paths(const char *path, char ***paths, size_t *count, dt_error *err)
{
    struct stat info;
    char archive[1024];
    const char *prefix;
    int zipped = zip_split(path, archive, sizeof archive, &prefix);
    *paths = NULL;
    *count = 0;
    if (!zipped && stat(path, &info) != 0) return dt_error_set(err, DT_ERR_IO, "%s: no such file or directory", path);
    if (zipped ? ends_with(prefix, ".stm") : !S_ISDIR(info.st_mode)) {
        *paths = dt_malloc(sizeof **paths);
        (*paths)[(*count)++] = dt_strdup(path);
        return DT_OK;
    }
    ismn_files files = {0};
    if (zipped) {
        int status = walk_zip(archive, prefix, &files, err);
        if (status != DT_OK) return status;
    } else {
        walk(path, &files, 0);
    }
    for (size_t i = 0; i < files.count; i++) {
        int seen = 0;
        for (size_t j = 0; j < *count && !seen; j++) seen = strcmp((*paths)[j], files.items[i].station) == 0;
        if (seen) continue;
        *paths = dt_realloc(*paths, (*count + 1) * sizeof **paths);
        (*paths)[(*count)++] = dt_strdup(files.items[i].station);
    }
    free(files.items);
    if (*count == 0) return dt_error_set(err, DT_ERR_MISSING, "%s: no ISMN soil-moisture file (*_sm_*.stm) below it", path);
    qsort(*paths, *count, sizeof **paths, by_text);
    return DT_OK;
}

static int read_file(const char *path, char **text, dt_error *err)
{
    FILE *file = fopen(path, "rb");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened", path);
    size_t size = 0, capacity = 1 << 16, n;
    *text = dt_malloc(capacity + 1);
    while ((n = fread(*text + size, 1, capacity - size, file)) > 0) {
        size += n;
        if (size == capacity) *text = dt_realloc(*text, (capacity *= 2) + 1);
    }
    int failed = ferror(file);
    fclose(file);
    (*text)[size] = '\0';
    if (failed) {
        free(*text);
        *text = NULL;
        return dt_error_set(err, DT_ERR_IO, "%s: read failed", path);
    }
    return DT_OK;
}

/* The member of the archive whose name satisfies match (with its argument), extracted. */
static int extract_member(const char *archive_path, int (*match)(const char *, const char *), const char *argument,
                          char **text, dt_error *err)
{
    zipread_archive archive;
    int status = zipread_open(archive_path, &archive, err);
    size_t i = 0;
    while (status == DT_OK && i < archive.count && !match(archive.members[i].name, argument)) i++;
    if (status == DT_OK && i == archive.count)
        status = dt_error_set(err, DT_ERR_MISSING, "%s: no member %s", archive_path, argument);
    size_t size;
    if (status == DT_OK) status = zipread_extract(&archive, i, text, &size, err);
    zipread_close(&archive);
    return status;
}

static int same_name(const char *name, const char *wanted)
{
    return strcmp(name, wanted) == 0;
}

int ismn_read_text(const char *path, char **text, dt_error *err)
{
    char archive[1024];
    const char *prefix;
    if (zip_split(path, archive, sizeof archive, &prefix) && *prefix)
        return extract_member(archive, same_name, prefix, text, err);
    return read_file(path, text, err);
}

static const char static_suffix[] = "_static_variables.csv";

/* A member in the directory `directory` (a prefix ending in '/', or "") named *_static_variables.csv. */
static int static_member(const char *name, const char *directory)
{
    size_t n = strlen(directory);
    return strncmp(name, directory, n) == 0 && !strchr(name + n, '/') && ends_with(name + n, static_suffix);
}

char *ismn_static_variables_text(const char *stm_path)
{
    char archive[1024], directory[1024];
    const char *prefix;
    char *text = NULL;
    if (zip_split(stm_path, archive, sizeof archive, &prefix)) {
        const char *slash = strrchr(prefix, '/');
        snprintf(directory, sizeof directory, "%.*s", slash ? (int)(slash - prefix + 1) : 0, prefix);
        if (extract_member(archive, static_member, directory, &text, NULL) != DT_OK) text = NULL;
        return text;
    }
    snprintf(directory, sizeof directory, "%s", stm_path);
    char *slash = strrchr(directory, '/');
    if (slash) *slash = '\0';
    else snprintf(directory, sizeof directory, ".");
    DIR *dir = opendir(directory);
    if (!dir) return NULL;
    struct dirent *entry;
    while (!text && (entry = readdir(dir))) {
        if (!ends_with(entry->d_name, static_suffix)) continue;
        char csv[2048];
        snprintf(csv, sizeof csv, "%s/%s", directory, entry->d_name);
        if (read_file(csv, &text, NULL) != DT_OK) text = NULL;
    }
    closedir(dir);
    return text;
}
