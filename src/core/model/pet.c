/* pet.c — FAO-56 Penman–Monteith reference evapotranspiration (Allen et al. 1998). */
#include "pet.h"

#include <math.h>

double pet_saturation_vapour_pressure(double t)
{
    return 0.6108 * exp(17.27 * t / (t + 237.3)); /* eq. 11 */
}

double pet_vapour_pressure_from_q(double q, double pressure_kpa)
{
    return q * pressure_kpa / (0.622 + 0.378 * q); /* e = q p / (ε + (1 − ε) q), ε = 0.622 */
}

double pet_wind_at_2m(double wind, double height)
{
    return height == 2.0 ? wind : wind * 4.87 / log(67.8 * height - 5.42); /* eq. 47 */
}

double pet_fao56(double t, double es, double ea, double pressure_kpa, double u2, double rn, double g, int hourly)
{
    double slope = 4098.0 * pet_saturation_vapour_pressure(t) / ((t + 237.3) * (t + 237.3)); /* eq. 13 */
    double gamma = 0.665e-3 * pressure_kpa;                                                 /* eq. 8 */
    double cn = hourly ? 37.0 : 900.0, cd = hourly ? (rn > 0 ? 0.24 : 0.96) : 0.34;
    double deficit = fmax(0.0, es - ea);
    double et0 = (0.408 * slope * (rn - g) + gamma * cn / (t + 273.0) * u2 * deficit) / (slope + gamma * (1.0 + cd * u2));
    return et0 > 0 ? et0 : 0.0;
}

double pet_from_forcing(const pet_forcing *f, double dt)
{
    const double sigma = 5.670374419e-8; /* [W m-2 K-4] Stefan–Boltzmann */
    double t = f->t_air - 273.15, p = f->pressure / 1000.0;
    double rn_watts = (1.0 - 0.23) * f->sw_down + f->lw_down - sigma * pow(f->t_air, 4.0);
    double rn = rn_watts * dt / 1e6; /* [MJ m-2 per step] */
    double es = pet_saturation_vapour_pressure(t), ea = pet_vapour_pressure_from_q(f->q, p);
    double u2 = pet_wind_at_2m(f->wind, f->wind_height);
    if (dt <= 3600.0) {
        double g = rn > 0 ? 0.1 * rn : 0.5 * rn;
        return pet_fao56(t, es, ea, p, u2, rn * 3600.0 / dt, g * 3600.0 / dt, 1) * dt / 3600.0;
    }
    return pet_fao56(t, es, ea, p, u2, rn * 86400.0 / dt, 0.0, 0) * dt / 86400.0;
}
