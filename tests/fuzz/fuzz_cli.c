/* fuzz_cli.c — libFuzzer harness for the command-line parser: the bytes, split at NUL, are the
 * arguments of one of the commands that only read (never the explorer, never a job that could
 * run for minutes on files it finds), run in an empty directory so no input exists; plus the
 * number parsers every option uses. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fuzz_common.h"

#define FUZZ_MAX_ARGS 32

static void enter_empty_directory(void)
{
    static int done;
    if (done) return;
    done = 1;
    char dir[] = "/tmp/drytex-fuzz-cli-XXXXXX";
    if (mkdtemp(dir) && chdir(dir) == 0) return;
    abort(); /* a harness that cannot isolate itself must not run */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const commands[] = {"info", "ptf", "column", "cell", "calibrate", "drydowns", "ingest", "simulate"};
    if (size < 1 || size > 4096) return 0;
    if (memchr(data, '/', size)) return 0; /* no path outside the empty directory: nothing real is read or written */
    fuzz_silence_stdout();
    enter_empty_directory();
    if (!freopen("/dev/null", "r", stdin)) return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *argv[FUZZ_MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)commands[data[0] % (sizeof commands / sizeof *commands)];
    for (char *p = text; p < text + size - 1 && argc <= FUZZ_MAX_ARGS; p += strlen(p) + 1) argv[argc++] = p;
    argv[argc] = NULL;
    size_t count;
    double value;
    cmd_parse_size(argv[argc - 1], &count);
    cmd_parse_double(argv[argc - 1], &value);
    const cmd_entry *command = cmd_find(argv[0]);
    if (command) command->run(argc, argv);
    /* glibc's getopt keeps a pointer into these arguments (a half-read "-abc") that optind = 1 in
     * the next command does not clear; optind = 0 and an empty parse do. The program parses once
     * per process, so only the harness needs this. */
    char *empty[] = {"drytex", NULL};
    optind = 0;
    getopt(1, empty, "");
    free(text);
    return 0;
}
