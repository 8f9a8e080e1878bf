/* fuzz_common.c — temporary files and silence for the libFuzzer harnesses. */
#include "fuzz_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *fuzz_temp_path(const char *suffix)
{
    static int used;
    /* A few distinct names per process (one per suffix a harness asks for), under TMPDIR. */
    static char names[4][256];
    static char suffixes[4][16];
    for (int i = 0; i < used; i++)
        if (strcmp(suffixes[i], suffix) == 0) return names[i];
    if (used == 4) return names[0];
    const char *dir = getenv("TMPDIR");
    snprintf(names[used], sizeof names[used], "%s/drytex-fuzz-%ld%s", dir && *dir ? dir : "/tmp", (long)getpid(), suffix);
    snprintf(suffixes[used], sizeof suffixes[used], "%s", suffix);
    return names[used++];
}

int fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file) return -1;
    size_t written = size ? fwrite(data, 1, size, file) : 0;
    return fclose(file) == 0 && written == size ? 0 : -1;
}

void fuzz_silence_stdout(void)
{
    static int done;
    if (done) return;
    done = 1;
    fflush(stdout);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        close(null);
    }
}
