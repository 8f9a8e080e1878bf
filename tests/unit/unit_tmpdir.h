/* unit_tmpdir.h — a temporary directory for the files of a unit test program: cmocka's group
 * setup and teardown make and remove it; unit_tmpdir_path names a file in it. */
#ifndef DRYTEX_UNIT_TMPDIR_H
#define DRYTEX_UNIT_TMPDIR_H

#include <stddef.h>

extern char unit_tmpdir[64]; /* the directory, once unit_tmpdir_make has run */

int unit_tmpdir_make(void **state);   /* a fresh /tmp/drytex-unit-XXXXXX; 0 or −1 */
int unit_tmpdir_remove(void **state); /* it and all it holds; 0 or −1 */
void unit_tmpdir_path(char *path, size_t size, const char *name);

#endif
