/* job_inputs.c — fingerprints of a job's inputs. The hash is drytex's own: four independent
 * 64-bit lanes, each folding in one 8-byte word per 32-byte stripe with a multiply and a rotate,
 * merged and avalanched at the end with the length. It is not cryptographic — it catches an
 * input replaced or edited between a crash and --resume, not an adversary — and it runs at
 * memory speed, so a file costs what reading it costs (BENCHMARKS.md). Words are read in host
 * byte order: a fingerprint is compared on the machine (rank 0) that recorded it. */
#include "config.h"

#include "job_inputs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PRIME_A 0x9E3779B97F4A7C15ull /* odd constants with well-mixed bits (golden ratio, …) */
#define PRIME_B 0xC2B2AE3D27D4EB4Full
#define PRIME_C 0x165667B19E3779F9ull
#define BLOCK (1u << 20)              /* read size: a multiple of the 32-byte stripe */

static uint64_t rotate(uint64_t x, int bits)
{
    return (x << bits) | (x >> (64 - bits));
}

static uint64_t lane_step(uint64_t lane, uint64_t word)
{
    return rotate(lane ^ (word * PRIME_B), 31) * PRIME_A;
}

static uint64_t avalanche(uint64_t h)
{
    h ^= h >> 33;
    h *= PRIME_B;
    h ^= h >> 29;
    h *= PRIME_C;
    return h ^ (h >> 32);
}

/* Reads up to size bytes, retrying short reads, so that every block but the last is full. */
static ssize_t read_full(int fd, unsigned char *buffer, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buffer + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

int job_inputs_hash_file(const char *path, uint64_t *hash, uint64_t *size, dt_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be read: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) { /* a directory of inputs (HRLDAS): its files are not hashed */
        close(fd);
        *hash = *size = 0;
        return DT_OK;
    }
    unsigned char *buffer = dt_malloc(BLOCK);
    uint64_t lane[4] = {PRIME_A, PRIME_B, PRIME_C, PRIME_A ^ PRIME_C}, total = 0;
    ssize_t got;
    while ((got = read_full(fd, buffer, BLOCK)) > 0) {
        size_t n = (size_t)got, whole = n / 32 * 32;
        for (size_t i = 0; i < whole; i += 32)
            for (int k = 0; k < 4; k++) {
                uint64_t word;
                memcpy(&word, buffer + i + 8 * (size_t)k, 8);
                lane[k] = lane_step(lane[k], word);
            }
        for (size_t i = whole; i < n; i += 8) { /* the tail of the file, zero-padded */
            uint64_t word = 0;
            memcpy(&word, buffer + i, n - i < 8 ? n - i : 8);
            lane[(i - whole) / 8] = lane_step(lane[(i - whole) / 8], word);
        }
        total += n;
        if (n < BLOCK) break;
    }
    int error = got < 0 ? errno : 0;
    free(buffer);
    close(fd);
    if (got < 0) return dt_error_set(err, DT_ERR_IO, "%s: read failed: %s", path, strerror(error));
    uint64_t h = total * PRIME_C;
    for (int k = 0; k < 4; k++) h = (h ^ lane_step(0, lane[k])) * PRIME_A + PRIME_C;
    *hash = avalanche(h);
    *size = total;
    return DT_OK;
}

static void format_mtime(const struct stat *st, char *text, size_t size)
{
    struct tm utc;
    char seconds[32] = "?";
    if (gmtime_r(&st->st_mtim.tv_sec, &utc)) strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(text, size, "%s.%09ldZ", seconds, (long)st->st_mtim.tv_nsec);
}

int job_inputs_describe(char *const *paths, size_t count, char **text, dt_error *err)
{
    size_t capacity = 1, used = 0;
    for (size_t i = 0; i < count; i++) capacity += strlen(paths[i]) + 128;
    char *lines = dt_malloc(capacity);
    lines[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        uint64_t hash, size;
        if (stat(paths[i], &st) != 0) {
            free(lines);
            return dt_error_set(err, DT_ERR_IO, "%s: %s", paths[i], strerror(errno));
        }
        int status = job_inputs_hash_file(paths[i], &hash, &size, err);
        if (status != DT_OK) {
            free(lines);
            return status;
        }
        char mtime[64];
        format_mtime(&st, mtime, sizeof mtime);
        used += (size_t)snprintf(lines + used, capacity - used, "size=%" PRIu64 " mtime=%s hash=%016" PRIx64 " %s\n",
                                 size, mtime, hash, paths[i]);
    }
    *text = lines;
    return DT_OK;
}

int job_inputs_check(const char *recorded, char *const *paths, size_t count, dt_error *err)
{
    const char *line = recorded;
    for (size_t i = 0; i < count; i++) {
        uint64_t size_then, hash_then, size_now, hash_now;
        char mtime_then[64];
        if (!line || sscanf(line, "size=%" SCNu64 " mtime=%63s hash=%" SCNx64, &size_then, mtime_then, &hash_then) != 3)
            return dt_error_set(err, DT_ERR_VALUE, "%s: not recorded among the job's inputs, cannot resume", paths[i]);
        int status = job_inputs_hash_file(paths[i], &hash_now, &size_now, err);
        if (status != DT_OK) return status;
        if (size_now != size_then || hash_now != hash_then) {
            struct stat st;
            char mtime_now[64] = "?";
            if (stat(paths[i], &st) == 0) format_mtime(&st, mtime_now, sizeof mtime_now);
            return dt_error_set(err, DT_ERR_VALUE, "%s: changed since the job began (%" PRIu64 " bytes modified %s, now "
                                "%" PRIu64 " bytes modified %s, other contents); resuming would mix results of both: "
                                "run without --resume", paths[i], size_then, mtime_then, size_now, mtime_now);
        }
        line = strchr(line, '\n');
        if (line) line++;
    }
    return DT_OK;
}
