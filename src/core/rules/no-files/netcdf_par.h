/* rules/no-files/netcdf_par.h — stands in for the real <netcdf_par.h> in science/ and model/ (Makefile.am). */
#error "science/ and model/ read and write no file: <netcdf_par.h> belongs in io/ (or jobs/, hrldas/); see HACKING.md, the rooms"
