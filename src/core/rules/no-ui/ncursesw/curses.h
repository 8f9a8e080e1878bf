/* rules/no-ui/ncursesw/curses.h — stands in for the real <ncursesw/curses.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <ncursesw/curses.h> belongs in src/ui; see HACKING.md, the rooms"
