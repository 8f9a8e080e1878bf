/* pet.h — FAO-56 Penman–Monteith reference evapotranspiration (Allen et al. 1998, FAO Irrigation
 * and Drainage Paper 56), for the column's PET-based closure (noahmp.md §4.2). */
#ifndef DRYTEX_PET_H
#define DRYTEX_PET_H

/* The FAO-56 equation itself (eq. 6 daily, eq. 53 hourly): ET0 [mm per step] from mean air
 * temperature [°C], saturation and actual vapour pressure [kPa], surface pressure [kPa], wind at
 * 2 m [m s-1], net radiation and soil heat flux [MJ m-2 per step]. hourly selects Cn = 37 and
 * Cd = 0.24 by day (rn > 0) or 0.96 by night, else the daily Cn = 900, Cd = 0.34. Never negative. */
double pet_fao56(double t_celsius, double es, double ea, double pressure_kpa, double u2, double rn, double g, int hourly);

double pet_saturation_vapour_pressure(double t_celsius);     /* [kPa] eq. 11 */
double pet_vapour_pressure_from_q(double q, double pressure_kpa); /* [kPa] from specific humidity [kg kg-1] */
double pet_wind_at_2m(double wind, double height);          /* [m s-1] eq. 47 */

/* Meteorological forcing of one step (ERA5-Land/CMFD-like). */
typedef struct {
    double t_air;      /* [K] 2-m air temperature */
    double q;          /* [kg kg-1] specific humidity */
    double pressure;   /* [Pa] surface pressure */
    double wind;       /* [m s-1] wind speed at wind_height */
    double wind_height;/* [m] 10 for reanalyses */
    double sw_down;    /* [W m-2] downward shortwave */
    double lw_down;    /* [W m-2] downward longwave */
} pet_forcing;

/* ET0 [mm] over a step of dt seconds (≤ 3600: the hourly form; otherwise the daily form scaled to
 * dt). Net radiation: (1 − 0.23)·SW↓ + LW↓ − σ·T_air⁴ (the surface taken at air temperature, emissivity
 * 1, FAO-56's grass reference albedo); G = 0.1 Rn by day and 0.5 Rn by night (eqs. 45–46) hourly, 0 daily. */
double pet_from_forcing(const pet_forcing *f, double dt);

#endif
