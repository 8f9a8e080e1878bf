/* rules/no-files/netcdf.h — stands in for the real <netcdf.h> in science/ and model/ (Makefile.am). */
#error "science/ and model/ read and write no file: <netcdf.h> belongs in io/ (or jobs/, hrldas/); see HACKING.md, the rooms"
