#pragma once
// The one-sample Kolmogorov-Smirnov distributions SciPy 1.10's ks_2samp falls back on when a
// sample has more than 10,000 values ('auto' then takes the asymptotic path):
//   kolmogorovSmirnovSurvival(n, d) == scipy.stats.kstwo.sf(d, n)   (two-sided, exact in n)
//   smirnovSurvival(n, d)           == scipy.special.smirnov(n, d)  (one-sided D+)
// Boost 1.74 has neither. kstwo follows scipy/stats/_ksstats.py (Simard & L'Ecuyer's choice
// between Ruben-Gambino, Durbin-Marsaglia-Tsang-Wang, Pomeranz, Pelz-Good and 2 x smirnov);
// smirnov sums Birnbaum-Tingey's series in long double logarithms where SciPy uses double-double
// arithmetic: the same quantity to ~1e-12 relative (tests/data/canary/generate.py checks 1e-6).
#include <cstdint>

namespace gr {

// P[D_n >= d] for the two-sided one-sample statistic with n values. O(1)..O(n) time; at most a
// 2k-1 square matrix power (k = ceil(n d) <= ~60) when Durbin's method is chosen.
double kolmogorovSmirnovSurvival(int64_t n, double d);

// P[D+_n >= d]. O(number of significant terms) <= O(n).
double smirnovSurvival(int64_t n, double d);

} // namespace gr
