/* unit_tmpdir.c — a temporary directory for a unit test program (unit_tmpdir.h). */
#include "unit_tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char unit_tmpdir[64];

int unit_tmpdir_make(void **state)
{
    (void)state;
    strcpy(unit_tmpdir, "/tmp/drytex-unit-XXXXXX");
    return mkdtemp(unit_tmpdir) ? 0 : -1;
}

int unit_tmpdir_remove(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", unit_tmpdir);
    return system(command) == 0 ? 0 : -1;
}

void unit_tmpdir_path(char *path, size_t size, const char *name)
{
    snprintf(path, size, "%s/%s", unit_tmpdir, name);
}
