/* explorer_output.c — the guard before a command writes a file (explorer_output.h). An export once
 * replaced the soil file the open data set was read from; the files are compared by identity
 * (device and inode), so another spelling of the same path (../w/soil/SAND1.nc, a symlink) is
 * caught too. */
#include "explorer_output.h"

#include <string.h>
#include <sys/stat.h>

int explorer_output_force(int *argc, char **argv)
{
    int force = 0, kept = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--force") == 0) force = 1;
        else argv[kept++] = argv[i];
    }
    argv[kept] = NULL;
    *argc = kept;
    return force;
}

static int same_file(const struct stat *target, const char *input)
{
    struct stat s;
    return input && stat(input, &s) == 0 && s.st_dev == target->st_dev && s.st_ino == target->st_ino;
}

/* What the data set reads from path, or NULL when it is none of its inputs. */
static const char *input_role(const explorer *e, const struct stat *target)
{
    const explorer_options *o = e->options;
    for (size_t i = 0; i < o->nsm; i++)
        if (same_file(target, o->sm[i])) return "its soil-moisture data";
    for (size_t i = 0; i < o->nsoil; i++)
        if (same_file(target, o->soil[i])) return "its baseline soil";
    if (same_file(target, o->forcing)) return "its forcing";
    if (same_file(target, o->thresholds) || same_file(target, e->thresholds_path)) return "its drydown thresholds (theta_w, theta_c layers)";
    if (same_file(target, o->calibrated) || same_file(target, e->calibrated_path)) return "its calibration (optimised layers)";
    if (same_file(target, o->simulated) || same_file(target, e->simulated_path)) return "its simulation (comparison layers)";
    return NULL;
}

int explorer_output_allowed(explorer *e, const char *command, const char *path, int force)
{
    struct stat target;
    if (stat(path, &target) != 0) return 1; /* a new file (a missing directory is the writer's error) */
    const char *role = input_role(e, &target);
    if (role) {
        const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path; /* the name first: a long path is cut at the edge */
        explorer_message(e, "%s: not replaced, even with --force: %s is an input of the open data set (%s) — %s", command, name, role, path);
        return 0;
    }
    if (S_ISDIR(target.st_mode)) {
        explorer_message(e, "%s: %s is a directory: give a file name", command, path);
        return 0;
    }
    if (!force) {
        explorer_message(e, "%s: %s exists: not replaced (add --force to replace it)", command, path);
        return 0;
    }
    return 1;
}
