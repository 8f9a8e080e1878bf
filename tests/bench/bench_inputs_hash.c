/* bench_inputs_hash.c — what --resume's input fingerprints cost: job_inputs_hash_file on a file
 * (default: a 100 MB temporary file of pseudo-random bytes, like a compressed cube) against
 * reading the same file without hashing. Both runs after a warm-up read, so the page cache holds
 * the file and the figure is the hash's own cost; a cold read adds the disk's. Asserts nothing.
 * Usage: bench_inputs_hash [FILE]. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "job_inputs.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double read_only(const char *path)
{
    static unsigned char buffer[1 << 20];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    double start = now();
    while (read(fd, buffer, sizeof buffer) > 0) continue;
    close(fd);
    return now() - start;
}

int main(int argc, char **argv)
{
    char temporary[] = "/tmp/drytex-hash-XXXXXX";
    const char *path = argc > 1 ? argv[1] : temporary;
    if (argc < 2) {
        int fd = mkstemp(temporary);
        if (fd < 0) return 1;
        unsigned char *block = malloc(1 << 20);
        uint64_t x = 88172645463325252ull;
        for (int mb = 0; mb < 100; mb++) {
            for (size_t i = 0; i < (1u << 20); i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
                block[i] = (unsigned char)x;
            }
            if (write(fd, block, 1 << 20) != 1 << 20) return 1;
        }
        free(block);
        close(fd);
    }
    read_only(path); /* warm the page cache */
    double plain = 1e9, hashed = 1e9;
    uint64_t hash = 0, size = 0;
    for (int run = 0; run < 3; run++) {
        double t = read_only(path);
        if (t < plain) plain = t;
        dt_error err;
        double start = now();
        if (job_inputs_hash_file(path, &hash, &size, &err) != DT_OK) {
            fprintf(stderr, "%s\n", err.text);
            return 1;
        }
        t = now() - start;
        if (t < hashed) hashed = t;
    }
    double mb = (double)size / 1048576.0;
    printf("input fingerprint: %.1f MB, hash %016" PRIx64 "\n", mb, hash);
    printf("  read only  %.3f s (%.0f MB/s)\n  read+hash  %.3f s (%.0f MB/s), the hash adds %.3f s\n", plain, mb / plain,
           hashed, mb / hashed, hashed - plain);
    if (argc < 2) unlink(temporary);
    return 0;
}
