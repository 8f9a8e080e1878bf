/* fuzz_csv.c — libFuzzer harness for drytex's CSV readers. The first byte chooses the reader:
 * `ptf` on stdin (the second byte its PTF), `column --fluxes FILE`, or the stations reader; the
 * rest is the CSV text. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "fuzz_common.h"
#include "stations.h"

static void run_ptf(const char *path, uint8_t which)
{
    static char *const schemes[] = {"sr06", "sr06-noahmp", "ch78", "noah-table"};
    if (!freopen(path, "r", stdin)) return;
    char *argv[] = {"ptf", "--ptf", schemes[which % 4], NULL};
    cmd_ptf(3, argv);
    clearerr(stdin);
}

static void run_column(const char *path, uint8_t which)
{
    char *with_texture[] = {"column", "--fluxes", (char *)path, "--ptf", "sr06", "--sand", "40", "--clay", "20", NULL};
    char *with_params[] = {"column", "--fluxes", (char *)path, "--param",
                           "smcmax=0.40,smcref=0.17,smcwlt=0.023,smcdry=0.023,bexp=3.3,psisat=0.03,dksat=1e-05,dwsat=2.2e-06", NULL};
    if (which & 1) cmd_column(5, with_params);
    else cmd_column(9, with_texture);
}

static void run_stations(const char *path)
{
    station_set set;
    dt_error err;
    if (stations_read_csv(path, &set, &err) == DT_OK) stations_free(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    fuzz_silence_stdout();
    const char *path = fuzz_temp_path(".csv");
    if (fuzz_write_file(path, data + 2, size - 2) != 0) return 0;
    switch (data[0] % 3) {
    case 0: run_ptf(path, data[1]); break;
    case 1: run_column(path, data[1]); break;
    default: run_stations(path); break;
    }
    unlink(path);
    return 0;
}
