#!/bin/sh
# The explorer's modules depend one way (issue 12): the screen (explorer_draw.c and its parts, the
# map, the key and the help) reads the command table for its help, so the commands must not call
# the screen; both set colours through explorer_palette.c, which calls neither.
. "$TEST_LIB"
ui="$(cd "$(dirname "$0")/../../src/ui" && pwd)"
# the functions a module defines for others (non-static definitions at the start of a line)
exported() { sed -n 's/^[a-z][a-z_ ]*[ *]\(explorer_[a-z_]*\)(.*/\1/p' "$ui/$1" | sort -u; }
# calls — MODULE calls none of the functions of OTHER
calls_none() {
    found=""
    for f in $(exported "$2"); do grep -q "\\b$f(" "$ui/$1" && found="$found $f"; done
    [ -z "$found" ] && pass || fail "$1 calls $2's$found: the dependency goes both ways"
}
[ -n "$(exported explorer_draw.c)" ] && pass || fail "no functions found in explorer_draw.c (this test could not fail)"
for screen_part in explorer_draw.c explorer_map.c explorer_legend.c explorer_help.c; do
    [ -n "$(exported $screen_part)" ] && pass || fail "no functions found in $screen_part (this test could not fail)"
    calls_none explorer_commands.c $screen_part
    calls_none explorer_palette.c $screen_part
done
calls_none explorer_palette.c explorer_commands.c
grep -q 'explorer_commands()' "$ui/explorer_help.c" && pass || fail "the help no longer reads the command table (update this test)"
echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
