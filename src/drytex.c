/* drytex.c — main: parses the subcommand and hands over (DESIGN.md §3). */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "job_output.h"

static void print_usage(FILE *stream)
{
    fprintf(stream, "Usage: drytex [DIR | FILE... | --sm FILE --soil FILE...]   the explorer (default: the demo)\n"
                    "       drytex COMMAND [OPTIONS] [ARGS]\n\n"
                    "Satellite soil-moisture drydowns → calibrated soil-texture maps.\n\nCommands:\n");
    for (const cmd_entry *c = cmd_table(); c->name; c++)
        fprintf(stream, "  %-10s %s\n", c->name, c->summary);
    fprintf(stream, "\nRun 'drytex COMMAND --help' for a command's options; see drytex(1).\n");
}

/* A command's output that did not all reach stdout (a full disk, a closed pipe) is a failure,
 * whatever the command returned. */
static int finish_stdout(int code)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return code;
    fprintf(stderr, "drytex: stdout: write failed: %s\n", strerror(errno));
    return code == EXIT_OK ? EXIT_RUNTIME : code;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* every command (ingest, demo, the jobs) and the explorer, before any netCDF-4 file is opened:
     * a failed final write (a full disk) must end in its message, not a SIGSEGV inside HDF5's exit
     * handler */
    job_output_process_start();
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        print_usage(stdout);
        return finish_stdout(EXIT_OK);
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        cmd_print_version();
        return finish_stdout(EXIT_OK);
    }
    if (argc >= 2) {
        const cmd_entry *command = cmd_find(argv[1]);
        if (command) return finish_stdout(command->run(argc - 1, argv + 1));
    }
    return cmd_explore(argc, argv); /* no command: the explorer on the demo, a directory or files */
}
