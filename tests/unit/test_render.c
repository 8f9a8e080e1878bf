/* test_render.c — the Braille canvas: dot numbering, lines, clipping, UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "braille.h"

static void test_dot_numbering(void **state)
{
    (void)state;
    braille_canvas c;
    braille_init(&c, 3, 2);
    braille_set(&c, 0, 0, 1);
    assert_int_equal(braille_codepoint(&c, 0, 0), 0x2801); /* dot 1 */
    braille_set(&c, 1, 3, 2);
    assert_int_equal(braille_codepoint(&c, 0, 0), 0x2881); /* + dot 8 */
    assert_int_equal(c.color[0], 2);
    for (int x = 2; x < 4; x++)
        for (int y = 4; y < 8; y++) braille_set(&c, x, y, 3);
    assert_int_equal(braille_codepoint(&c, 1, 1), 0x28FF);
    assert_int_equal(braille_codepoint(&c, 1, 0), 0x2800);
    char utf8[4];
    braille_utf8(&c, 1, 1, utf8);
    assert_string_equal(utf8, "\xE2\xA3\xBF"); /* U+28FF */
    braille_set(&c, -1, 0, 1);
    braille_set(&c, 6, 0, 1);
    braille_set(&c, 0, 8, 1);
    assert_int_equal(braille_codepoint(&c, 0, 2), 0x2800); /* outside: ignored */
    braille_clear(&c);
    assert_int_equal(braille_codepoint(&c, 1, 1), 0x2800);
    braille_free(&c);
}

static void test_lines(void **state)
{
    (void)state;
    braille_canvas c;
    braille_init(&c, 4, 1);
    braille_line(&c, 0, 0, 7, 0, 1); /* the top dot row across four cells */
    for (int col = 0; col < 4; col++) assert_int_equal(braille_codepoint(&c, 0, col), 0x2809);
    braille_clear(&c);
    braille_line(&c, 0, 0, 0, 3, 1); /* a vertical line in the left column */
    assert_int_equal(braille_codepoint(&c, 0, 0), 0x2847);
    braille_clear(&c);
    braille_line(&c, -5, 10, 20, -3, 1); /* mostly outside: clipped, no crash */
    braille_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dot_numbering),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
