/* fuzz_common.h — what the libFuzzer harnesses share: bytes into a private temporary file, and
 * the program's own output silenced (drytex prints what it sees; the fuzzer wants only crashes). */
#ifndef DRYTEX_FUZZ_COMMON_H
#define DRYTEX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* A path private to this process (one per harness process, reused for every input). */
const char *fuzz_temp_path(const char *suffix);

/* Writes size bytes to path (replacing it); 0 on success. */
int fuzz_write_file(const char *path, const uint8_t *data, size_t size);

/* Sends stdout to /dev/null once, so the commands' normal output costs nothing. */
void fuzz_silence_stdout(void);

#endif
