/* rules/no-files/mpi.h — stands in for the real <mpi.h> in science/ and model/ (Makefile.am). */
#error "science/ and model/ read and write no file: <mpi.h> belongs in io/ (or jobs/, hrldas/); see HACKING.md, the rooms"
