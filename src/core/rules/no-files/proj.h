/* rules/no-files/proj.h — stands in for the real <proj.h> in science/ and model/ (Makefile.am). */
#error "science/ and model/ read and write no file: <proj.h> belongs in io/ (or jobs/, hrldas/); see HACKING.md, the rooms"
