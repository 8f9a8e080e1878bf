/* explorer_output.h — may a command (:export, :write-config) write this file? Never over an input
 * of the open data set, and over any other existing file only when asked (--force). */
#ifndef DRYTEX_EXPLORER_OUTPUT_H
#define DRYTEX_EXPLORER_OUTPUT_H

#include "explorer_state.h"

/* Removes "--force" from argv (anywhere after the command's name) and returns 1 when it was there. */
int explorer_output_force(int *argc, char **argv);

/* 1 when path may be written; else 0 with the reason in the status line, after "command: ". */
int explorer_output_allowed(explorer *e, const char *command, const char *path, int force);

#endif
