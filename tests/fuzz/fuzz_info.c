/* fuzz_info.c — libFuzzer harness: any bytes as a file given to `drytex info`, which opens it
 * through ncfile_open (drytex's header checks, then netCDF-C/HDF5) and inspects every variable
 * with field_open exactly as the command does. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_silence_stdout();
    const char *path = fuzz_temp_path(".nc");
    if (fuzz_write_file(path, data, size) != 0) return 0;
    char *argv[] = {"info", (char *)path, NULL};
    cmd_info(2, argv);
    unlink(path);
    return 0;
}
