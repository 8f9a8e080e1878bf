/* ncheader.c — checks a netCDF file's own header against its length before netCDF-C reads it.
 *
 * Why: netCDF-C 4.9.0 trusts the classic header. A name longer than NC_MAX_NAME overflows a stack
 * buffer, a count of millions of dimensions in a 28-byte file is allocated and looped over, and a
 * file cut short is read as zeros beyond its end (its numrecs × record size is never compared with
 * the file's length). The classic format is simple (the netCDF "File Format Specification", NetCDF
 * Users Guide, Appendix B/C), so the whole header is parsed here, every size checked against the
 * bytes that are really there, and only then handed to netCDF-C. For HDF5 only the superblock is
 * checked (HDF5 File Format Specification, version 3.0, §II.A); deeper faults are for ncprobe. */
#include "ncheader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- classic (CDF-1, CDF-2, CDF-5) -------------------------------------------------------- */

enum { TAG_DIMENSION = 0x0A, TAG_VARIABLE = 0x0B, TAG_ATTRIBUTE = 0x0C };

typedef struct {
    const uint8_t *data;
    size_t size, at;
    int version;                   /* 1 classic, 2 64-bit offset, 5 64-bit data (CDF-5) */
    const char *path;
    dt_error *err;
} cursor;

typedef struct {
    uint64_t begin;                /* [byte] offset of the data */
    uint64_t bytes;                /* [byte] whole data, or one record's for a record variable */
    int is_record;
    char name[NCHEADER_MAX_NAME + 1];
} var_extent;

static int refuse(cursor *c, const char *what)
{
    return dt_error_set(c->err, DT_ERR_FORMAT, "%s: corrupt netCDF-3 header: %s (at byte %zu of %zu)", c->path,
                        what, c->at, c->size);
}

static int need(cursor *c, uint64_t bytes, const char *what)
{
    if (bytes <= c->size - c->at) return DT_OK;
    char text[NCHEADER_MAX_NAME + 256];
    snprintf(text, sizeof text, "%s needs %" PRIu64 " bytes, the file has %zu left", what, bytes, c->size - c->at);
    return refuse(c, text);
}

static uint64_t big_endian(const uint8_t *p, int bytes)
{
    uint64_t value = 0;
    for (int i = 0; i < bytes; i++) value = value << 8 | p[i];
    return value;
}

static int get_word(cursor *c, int bytes, uint64_t *value, const char *what)
{
    if (need(c, (uint64_t)bytes, what) != DT_OK) return DT_ERR_FORMAT;
    *value = big_endian(c->data + c->at, bytes);
    c->at += (size_t)bytes;
    return DT_OK;
}

/* NON_NEG: 4 bytes (a non-negative int) in CDF-1/2, 8 bytes in CDF-5. */
static int get_count(cursor *c, uint64_t *value, const char *what)
{
    int bytes = c->version == 5 ? 8 : 4;
    if (get_word(c, bytes, value, what) != DT_OK) return DT_ERR_FORMAT;
    if (*value > (bytes == 4 ? (uint64_t)INT32_MAX : (uint64_t)INT64_MAX)) {
        char text[96];
        snprintf(text, sizeof text, "%s is negative", what);
        return refuse(c, text);
    }
    return DT_OK;
}

static uint64_t padded(uint64_t bytes)
{
    return (bytes + 3) & ~(uint64_t)3;
}

static int get_name(cursor *c, char name[NCHEADER_MAX_NAME + 1], const char *what)
{
    uint64_t length;
    if (get_count(c, &length, what) != DT_OK) return DT_ERR_FORMAT;
    if (length == 0 || length > NCHEADER_MAX_NAME) {
        char text[128];
        snprintf(text, sizeof text, "%s of %" PRIu64 " bytes (1 to %d allowed)", what, length, NCHEADER_MAX_NAME);
        return refuse(c, text);
    }
    if (need(c, padded(length), what) != DT_OK) return DT_ERR_FORMAT;
    memcpy(name, c->data + c->at, (size_t)length);
    name[length] = '\0';
    c->at += (size_t)padded(length);
    return DT_OK;
}

/* The external size of a type, 0 when the type is not one of this version's. */
static unsigned type_size(int version, uint64_t type)
{
    static const unsigned sizes[12] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
    if (type >= 1 && type <= 6) return sizes[type];
    if (version == 5 && type >= 7 && type <= 11) return sizes[type];
    return 0;
}

/* A list's tag and count: ABSENT (0, 0) gives count 0. A count that cannot fit in the rest of the
 * file, at least min_bytes an element, is refused before anything is allocated for it. */
static int get_list(cursor *c, uint64_t tag, unsigned min_bytes, uint64_t *count, const char *what)
{
    uint64_t found;
    if (get_word(c, 4, &found, what) != DT_OK || get_count(c, count, what) != DT_OK) return DT_ERR_FORMAT;
    if (found == 0 && *count == 0) return DT_OK;
    char text[NCHEADER_MAX_NAME + 256];
    if (found != tag) {
        snprintf(text, sizeof text, "%s tag is %" PRIu64 ", not %" PRIu64, what, found, tag);
        return refuse(c, text);
    }
    if (*count > NCHEADER_MAX_ITEMS || *count > (c->size - c->at) / min_bytes) {
        snprintf(text, sizeof text, "%" PRIu64 " %s cannot fit in the %zu bytes left", *count, what, c->size - c->at);
        return refuse(c, text);
    }
    return DT_OK;
}

static int skip_attributes(cursor *c, const char *owner)
{
    unsigned count_bytes = c->version == 5 ? 8 : 4;
    uint64_t count;
    if (get_list(c, TAG_ATTRIBUTE, 2 * count_bytes + 4 + 4, &count, "attributes") != DT_OK) return DT_ERR_FORMAT;
    for (uint64_t i = 0; i < count; i++) {
        char name[NCHEADER_MAX_NAME + 1], text[NCHEADER_MAX_NAME + 96];
        uint64_t type, length;
        snprintf(text, sizeof text, "an attribute name of %s", owner);
        if (get_name(c, name, text) != DT_OK) return DT_ERR_FORMAT;
        snprintf(text, sizeof text, "attribute %s:%s", owner, name);
        if (get_word(c, 4, &type, text) != DT_OK || get_count(c, &length, text) != DT_OK) return DT_ERR_FORMAT;
        unsigned size = type_size(c->version, type);
        if (size == 0) {
            snprintf(text, sizeof text, "attribute %s:%s has type %" PRIu64, owner, name, type);
            return refuse(c, text);
        }
        if (length > (c->size - c->at) / size) {
            snprintf(text, sizeof text, "attribute %s:%s of %" PRIu64 " values", owner, name, length);
            return need(c, UINT64_MAX, text);
        }
        if (need(c, padded(length * size), text) != DT_OK) return DT_ERR_FORMAT;
        c->at += (size_t)padded(length * size);
    }
    return DT_OK;
}

/* Dimension lengths into *lengths (heap, count bounded by the file); a length 0 is the record
 * dimension, of which there is at most one. */
static int read_dimensions(cursor *c, uint64_t **lengths, uint64_t *count, int64_t *record_dim)
{
    unsigned count_bytes = c->version == 5 ? 8 : 4;
    *record_dim = -1;
    if (get_list(c, TAG_DIMENSION, 2 * count_bytes + 4, count, "dimensions") != DT_OK) return DT_ERR_FORMAT;
    *lengths = dt_malloc((size_t)(*count ? *count : 1) * sizeof **lengths);
    for (uint64_t i = 0; i < *count; i++) {
        char name[NCHEADER_MAX_NAME + 1];
        if (get_name(c, name, "a dimension name") != DT_OK ||
            get_count(c, &(*lengths)[i], "a dimension length") != DT_OK)
            return DT_ERR_FORMAT;
        if ((*lengths)[i] == 0 && *record_dim >= 0) return refuse(c, "two record (unlimited) dimensions");
        if ((*lengths)[i] == 0) *record_dim = (int64_t)i;
    }
    return DT_OK;
}

/* One variable's header entry; its data extent into *extent. */
static int read_variable(cursor *c, const uint64_t *dim_lengths, uint64_t ndims_file, int64_t record_dim,
                         var_extent *extent)
{
    char text[NCHEADER_MAX_NAME + 128];
    uint64_t ndims, type, vsize;
    if (get_name(c, extent->name, "a variable name") != DT_OK) return DT_ERR_FORMAT;
    snprintf(text, sizeof text, "variable %s", extent->name);
    if (get_count(c, &ndims, text) != DT_OK) return DT_ERR_FORMAT;
    if (ndims > NCHEADER_MAX_VAR_DIMS) {
        snprintf(text, sizeof text, "variable %s has %" PRIu64 " dimensions (at most %d)", extent->name, ndims,
                 NCHEADER_MAX_VAR_DIMS);
        return refuse(c, text);
    }
    uint64_t elements = 1;
    int overflow = 0;
    extent->is_record = 0;
    for (uint64_t d = 0; d < ndims; d++) {
        uint64_t id;
        if (get_count(c, &id, text) != DT_OK) return DT_ERR_FORMAT;
        if (id >= ndims_file) {
            snprintf(text, sizeof text, "variable %s uses dimension %" PRIu64 " of %" PRIu64, extent->name, id,
                     ndims_file);
            return refuse(c, text);
        }
        if ((int64_t)id == record_dim) {
            if (d != 0) {
                snprintf(text, sizeof text, "variable %s has the record dimension other than first", extent->name);
                return refuse(c, text);
            }
            extent->is_record = 1;
            continue;
        }
        if (elements > UINT64_MAX / dim_lengths[id]) overflow = 1;
        else elements *= dim_lengths[id];
    }
    if (skip_attributes(c, extent->name) != DT_OK || get_word(c, 4, &type, text) != DT_OK ||
        get_count(c, &vsize, text) != DT_OK || get_word(c, c->version == 1 ? 4 : 8, &extent->begin, text) != DT_OK)
        return DT_ERR_FORMAT;
    unsigned size = type_size(c->version, type);
    if (size == 0) {
        snprintf(text, sizeof text, "variable %s has type %" PRIu64, extent->name, type);
        return refuse(c, text);
    }
    if (overflow || elements > UINT64_MAX / size) {
        snprintf(text, sizeof text, "variable %s is larger than 2^64 bytes", extent->name);
        return refuse(c, text);
    }
    extent->bytes = elements * size;
    return DT_OK;
}

/* Every variable's data lies within the file: numrecs records of recsize bytes for the record
 * variables (netCDF-C's rule: the sum of their padded per-record sizes, unpadded when there is
 * only one), the whole extent for the others. */
static int check_extents(cursor *c, const var_extent *vars, uint64_t nvars, uint64_t numrecs)
{
    uint64_t recsize = 0, records = 0;
    for (uint64_t i = 0; i < nvars; i++)
        if (vars[i].is_record) {
            records++;
            if (padded(vars[i].bytes) < vars[i].bytes || recsize > UINT64_MAX - padded(vars[i].bytes))
                return refuse(c, "the record size is larger than 2^64 bytes");
            recsize += padded(vars[i].bytes);
        }
    for (uint64_t i = 0; i < nvars && records == 1; i++)
        if (vars[i].is_record) recsize = vars[i].bytes;
    for (uint64_t i = 0; i < nvars; i++) {
        const var_extent *v = &vars[i];
        uint64_t end = v->begin, length = v->bytes;
        int overflow = 0;
        if (v->is_record) {
            if (numrecs == 0 || v->bytes == 0) continue;
            if (numrecs - 1 > 0 && recsize > (UINT64_MAX - v->bytes) / (numrecs - 1)) overflow = 1;
            else length = (numrecs - 1) * recsize + v->bytes;
        }
        if (overflow || end > UINT64_MAX - length) overflow = 1;
        else end += length;
        if (overflow || end > c->size) {
            if (v->is_record)
                return dt_error_set(c->err, DT_ERR_FORMAT,
                                    "%s: truncated or corrupt netCDF-3 file: %s's %" PRIu64 " records (of %" PRIu64
                                    " bytes) end %s byte %" PRIu64 ", the file has %zu bytes",
                                    c->path, v->name, numrecs, recsize, overflow ? "past" : "at",
                                    overflow ? UINT64_MAX : end, c->size);
            return dt_error_set(c->err, DT_ERR_FORMAT,
                                "%s: truncated or corrupt netCDF-3 file: %s's data ends at byte %" PRIu64
                                ", the file has %zu bytes",
                                c->path, v->name, overflow ? UINT64_MAX : end, c->size);
        }
    }
    return DT_OK;
}

int ncheader_check_classic(const uint8_t *data, size_t size, const char *path, dt_error *err)
{
    cursor c = {data, size, 0, 0, path, err};
    if (size < 4 || memcmp(data, "CDF", 3) != 0) return refuse(&c, "no CDF signature");
    c.version = data[3];
    if (c.version != 1 && c.version != 2 && c.version != 5) return refuse(&c, "unknown version byte");
    c.at = 4;
    uint64_t numrecs, ndims = 0, nvars = 0;
    if (get_word(&c, c.version == 5 ? 8 : 4, &numrecs, "the record count") != DT_OK) return DT_ERR_FORMAT;
    /* All ones: a file being streamed, whose record count netCDF-C takes from the file's length. */
    int streaming = numrecs == (c.version == 5 ? UINT64_MAX : UINT32_MAX);
    uint64_t *dim_lengths = NULL;
    int64_t record_dim;
    var_extent *vars = NULL;
    int status = read_dimensions(&c, &dim_lengths, &ndims, &record_dim);
    if (status == DT_OK) status = skip_attributes(&c, "the file (global)");
    if (status == DT_OK) {
        unsigned count_bytes = c.version == 5 ? 8 : 4;
        status = get_list(&c, TAG_VARIABLE, 3 * count_bytes + 4 + 4 + 4 + 4, &nvars, "variables");
    }
    if (status == DT_OK) {
        vars = dt_malloc((size_t)(nvars ? nvars : 1) * sizeof *vars);
        for (uint64_t i = 0; i < nvars && status == DT_OK; i++)
            status = read_variable(&c, dim_lengths, ndims, record_dim, &vars[i]);
    }
    if (status == DT_OK && !streaming) status = check_extents(&c, vars, nvars, numrecs);
    free(vars);
    free(dim_lengths);
    return status;
}

/* ---- HDF5 --------------------------------------------------------------------------------- */

/* Bob Jenkins' lookup3 hashlittle (2006, public domain), the checksum HDF5 stores in superblocks of
 * versions 2 and 3 (HDF5 File Format Specification, "Appendix C: Jenkins' Lookup3 Hash Function"). */
static uint32_t rotate(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static uint32_t lookup3(const uint8_t *k, size_t length)
{
    uint32_t a, b, c;
    a = b = c = 0xdeadbeefu + (uint32_t)length;
    for (; length > 12; length -= 12, k += 12) {
        a += k[0] + ((uint32_t)k[1] << 8) + ((uint32_t)k[2] << 16) + ((uint32_t)k[3] << 24);
        b += k[4] + ((uint32_t)k[5] << 8) + ((uint32_t)k[6] << 16) + ((uint32_t)k[7] << 24);
        c += k[8] + ((uint32_t)k[9] << 8) + ((uint32_t)k[10] << 16) + ((uint32_t)k[11] << 24);
        a -= c; a ^= rotate(c, 4); c += b;
        b -= a; b ^= rotate(a, 6); a += c;
        c -= b; c ^= rotate(b, 8); b += a;
        a -= c; a ^= rotate(c, 16); c += b;
        b -= a; b ^= rotate(a, 19); a += c;
        c -= b; c ^= rotate(b, 4); b += a;
    }
    if (length == 0) return c;
    uint8_t rest[12] = {0};
    memcpy(rest, k, length);
    a += rest[0] + ((uint32_t)rest[1] << 8) + ((uint32_t)rest[2] << 16) + ((uint32_t)rest[3] << 24);
    b += rest[4] + ((uint32_t)rest[5] << 8) + ((uint32_t)rest[6] << 16) + ((uint32_t)rest[7] << 24);
    c += rest[8] + ((uint32_t)rest[9] << 8) + ((uint32_t)rest[10] << 16) + ((uint32_t)rest[11] << 24);
    c ^= b; c -= rotate(b, 14);
    a ^= c; a -= rotate(c, 11);
    b ^= a; b -= rotate(a, 25);
    c ^= b; c -= rotate(b, 16);
    a ^= c; a -= rotate(c, 4);
    b ^= a; b -= rotate(a, 14);
    c ^= b; c -= rotate(b, 24);
    return c;
}

static uint64_t little_endian(const uint8_t *p, int bytes)
{
    uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; i--) value = value << 8 | p[i];
    return value;
}

static const uint8_t hdf5_signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

int ncheader_check_hdf5(const uint8_t *sb, size_t available, uint64_t offset, uint64_t file_size, const char *path,
                        dt_error *err)
{
    const char *what = NULL;
    int version = available > 8 ? sb[8] : -1;
    if (available < 48 || memcmp(sb, hdf5_signature, 8) != 0) what = "shorter than its superblock";
    else if (version > 3) what = "unknown superblock version";
    if (what) return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt HDF5 file: %s", path, what);
    int offsets = version >= 2 ? sb[9] : sb[13], lengths = version >= 2 ? sb[10] : sb[14];
    if ((offsets != 2 && offsets != 4 && offsets != 8) || (lengths != 2 && lengths != 4 && lengths != 8))
        return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt HDF5 file: superblock says addresses of %d bytes, lengths of %d",
                            path, offsets, lengths);
    size_t at = version >= 2 ? 12 : (version == 1 ? 28 : 24);
    if (at + 4 * (size_t)offsets + 4 > available)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt HDF5 file: shorter than its superblock", path);
    uint64_t base = little_endian(sb + at, offsets);
    /* versions 0/1: base, free-space, end of file, driver; versions 2/3: base, extension, end of file, root */
    uint64_t eof = little_endian(sb + at + 2 * (size_t)offsets, offsets);
    if (version >= 2) {
        size_t end = at + 4 * (size_t)offsets;
        if (lookup3(sb, end) != (uint32_t)little_endian(sb + end, 4))
            return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt HDF5 file: the superblock's checksum does not match", path);
    }
    if (base > file_size || (base != offset && base != 0))
        return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt HDF5 file: base address %" PRIu64 " (superblock at %" PRIu64 ")",
                            path, base, offset);
    if (eof > file_size - offset)
        return dt_error_set(err, DT_ERR_FORMAT,
                            "%s: truncated or corrupt HDF5 file: it should end at byte %" PRIu64 ", it has %" PRIu64,
                            path, eof + offset, file_size);
    return DT_OK;
}

/* ---- the file ------------------------------------------------------------------------------- */

/* HDF5 looks for its signature at 0, 512, 1024, 2048, … (a user block may come first); so does
 * netCDF-C. */
static int find_hdf5(int fd, uint64_t size, uint8_t superblock[64], size_t *available, uint64_t *offset)
{
    for (uint64_t at = 0; at + 8 <= size; at = at ? at * 2 : 512) {
        ssize_t got = pread(fd, superblock, 64, (off_t)at);
        if (got >= 8 && memcmp(superblock, hdf5_signature, 8) == 0) {
            *available = (size_t)got;
            *offset = at;
            return 1;
        }
    }
    return 0;
}

int ncheader_check(const char *path, ncheader_kind *kind, dt_error *err)
{
    *kind = NCHEADER_OTHER;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        close(fd);
        return dt_error_set(err, DT_ERR_IO, "%s: %s", path,
                            S_ISDIR(info.st_mode) ? "is a directory, not a netCDF file" : "is not a regular file");
    }
    uint64_t size = (uint64_t)info.st_size;
    uint8_t start[64];
    size_t available = 0;
    uint64_t offset = 0;
    ssize_t got = pread(fd, start, 4, 0);
    int status = DT_OK;
    if (got == 4 && memcmp(start, "CDF", 3) == 0) {
        *kind = NCHEADER_CLASSIC;
        /* Mapped, not read: the header is parsed in place and only its pages are touched. */
        void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) status = dt_error_set(err, DT_ERR_IO, "%s: cannot be read: %s", path, strerror(errno));
        else {
            status = ncheader_check_classic(map, (size_t)size, path, err);
            munmap(map, (size_t)size);
        }
    } else if (find_hdf5(fd, size, start, &available, &offset)) {
        *kind = NCHEADER_HDF5;
        status = ncheader_check_hdf5(start, available, offset, size, path, err);
    }
    close(fd);
    return status;
}
