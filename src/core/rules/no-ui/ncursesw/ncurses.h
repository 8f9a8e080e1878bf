/* rules/no-ui/ncursesw/ncurses.h — stands in for the real <ncursesw/ncurses.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <ncursesw/ncurses.h> belongs in src/ui; see HACKING.md, the rooms"
