/* rules/no-ui/ncurses.h — stands in for the real <ncurses.h> in src/core (Makefile.am). */
#error "src/core never includes curses or readline: <ncurses.h> belongs in src/ui; see HACKING.md, the rooms"
