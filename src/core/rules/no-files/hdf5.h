/* rules/no-files/hdf5.h — stands in for the real <hdf5.h> in science/ and model/ (Makefile.am). */
#error "science/ and model/ read and write no file: <hdf5.h> belongs in io/ (or jobs/, hrldas/); see HACKING.md, the rooms"
