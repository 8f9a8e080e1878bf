/* zipread.c — the members of a zip archive, read into memory with zlib's raw inflate.
 * Layout from PKWARE's APPNOTE.TXT 6.3: the end of central directory record (signature
 * 0x06054b50, at most 65535 + 22 bytes from the end), the central directory headers (0x02014b50)
 * and the local file headers (0x04034b50) whose name and extra fields precede the data. */
#include "zipread.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

int zipread_is_zip(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".zip") == 0;
}

static int read_at(FILE *file, long offset, void *buffer, size_t size)
{
    return fseek(file, offset, SEEK_SET) == 0 && fread(buffer, 1, size, file) == size;
}

void zipread_close(zipread_archive *archive)
{
    for (size_t i = 0; i < archive->count; i++) free(archive->members[i].name);
    free(archive->members);
    free(archive->path);
    memset(archive, 0, sizeof *archive);
}

/* The end of central directory record: its central directory's offset, size and entry count. */
static int find_directory(FILE *file, const char *path, size_t *offset, size_t *size, size_t *entries, dt_error *err)
{
    if (fseek(file, 0, SEEK_END) != 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be read", path);
    long length = ftell(file);
    long tail = length < 65557 ? length : 65557;
    unsigned char *buffer = dt_malloc((size_t)tail + 1);
    int found = 0;
    if (tail >= 22 && read_at(file, length - tail, buffer, (size_t)tail))
        for (long i = tail - 22; i >= 0 && !found; i--)
            if (le32(buffer + i) == 0x06054b50) {
                *entries = le16(buffer + i + 10);
                *size = le32(buffer + i + 12);
                *offset = le32(buffer + i + 16);
                found = 1;
            }
    free(buffer);
    if (!found) return dt_error_set(err, DT_ERR_FORMAT, "%s: not a zip archive (no end of central directory)", path);
    if (*offset == 0xffffffffu || *entries == 0xffffu)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: a zip64 archive (unzip it first)", path);
    if ((long)(*offset + *size) > length) return dt_error_set(err, DT_ERR_FORMAT, "%s: truncated zip archive", path);
    return DT_OK;
}

int zipread_open(const char *path, zipread_archive *out, dt_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *file = fopen(path, "rb");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened", path);
    size_t offset = 0, size = 0, entries = 0;
    int status = find_directory(file, path, &offset, &size, &entries, err);
    unsigned char *directory = NULL;
    if (status == DT_OK) {
        directory = dt_malloc(size + 1);
        if (!read_at(file, (long)offset, directory, size))
            status = dt_error_set(err, DT_ERR_IO, "%s: cannot read the central directory", path);
    }
    fclose(file);
    out->path = dt_strdup(path);
    out->members = dt_calloc(entries ? entries : 1, sizeof *out->members);
    for (size_t i = 0, at = 0; status == DT_OK && i < entries; i++) {
        if (at + 46 > size || le32(directory + at) != 0x02014b50) {
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt central directory at entry %zu", path, i + 1);
            break;
        }
        const unsigned char *h = directory + at;
        size_t name_length = le16(h + 28), extra = le16(h + 30), comment = le16(h + 32);
        if (at + 46 + name_length > size) {
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt central directory at entry %zu", path, i + 1);
            break;
        }
        zipread_member *m = &out->members[out->count++];
        m->method = (int)le16(h + 10);
        m->packed = le32(h + 20);
        m->size = le32(h + 24);
        m->offset = le32(h + 42);
        m->name = dt_malloc(name_length + 1);
        memcpy(m->name, h + 46, name_length);
        m->name[name_length] = '\0';
        at += 46 + name_length + extra + comment;
    }
    free(directory);
    if (status != DT_OK) zipread_close(out);
    return status;
}

static int inflate_member(const unsigned char *packed, size_t packed_size, char *out, size_t size)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return 0; /* raw deflate, no zlib header */
    z.next_in = (unsigned char *)packed;
    z.avail_in = (uInt)packed_size;
    z.next_out = (unsigned char *)out;
    z.avail_out = (uInt)size;
    int result = inflate(&z, Z_FINISH);
    int ok = (result == Z_STREAM_END || (result == Z_OK && z.avail_out == 0)) && z.total_out == size;
    inflateEnd(&z);
    return ok;
}

int zipread_extract(const zipread_archive *a, size_t index, char **text, size_t *size, dt_error *err)
{
    const zipread_member *m = &a->members[index];
    if (m->method != 0 && m->method != 8)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: compression method %d (only stored and deflate are read)",
                            a->path, m->name, m->method);
    FILE *file = fopen(a->path, "rb");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened", a->path);
    unsigned char local[30];
    int status = DT_OK;
    unsigned char *packed = NULL;
    if (!read_at(file, (long)m->offset, local, sizeof local) || le32(local) != 0x04034b50) {
        status = dt_error_set(err, DT_ERR_FORMAT, "%s: %s: no local header", a->path, m->name);
    } else {
        long data = (long)(m->offset + 30 + le16(local + 26) + le16(local + 28));
        packed = dt_malloc(m->packed + 1);
        if (!read_at(file, data, packed, m->packed))
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: %s: truncated member", a->path, m->name);
    }
    fclose(file);
    if (status == DT_OK) {
        *text = dt_malloc(m->size + 1);
        if (m->method == 0) {
            memcpy(*text, packed, m->size < m->packed ? m->size : m->packed);
        } else if (!inflate_member(packed, m->packed, *text, m->size)) {
            free(*text);
            *text = NULL;
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: %s: corrupt deflate data", a->path, m->name);
        }
        if (status == DT_OK) {
            (*text)[m->size] = '\0';
            *size = m->size;
        }
    }
    free(packed);
    return status;
}
