#include "kolmogorovdistribution.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

namespace gr {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kScaleExponent = 128; // SciPy's _E128: rescale intermediate results by 2^128
const double kScaleUp = std::ldexp(1.0, kScaleExponent);
const double kScaleDown = std::ldexp(1.0, -kScaleExponent);

double clip01(double p)
{
    return std::isnan(p) ? p : std::clamp(p, 0.0, 1.0);
}

// log(n! / n^n) by Stirling's series with the n log n term removed up front (no cancellation).
double logFactorialOverPower(double n)
{
    static const double stirling[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                      -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                      -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                      -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    const double rn = 1.0 / n;
    double poly = 0;
    for (double c : stirling)
        poly = poly * (rn / n) + c;
    return std::log(n) / 2 - n + std::log(2 * kPi) / 2 + rn * poly;
}

using Matrix = std::vector<double>; // row-major m x m

Matrix multiply(const Matrix &a, const Matrix &b, size_t m)
{
    Matrix c(m * m, 0.0);
    for (size_t i = 0; i < m; ++i)
        for (size_t k = 0; k < m; ++k) {
            const double aik = a[i * m + k];
            if (aik == 0) continue;
            for (size_t j = 0; j < m; ++j)
                c[i * m + j] += aik * b[k * m + j];
        }
    return c;
}

// P[D_n <= d] by Durbin's matrix method as Marsaglia, Tsang and Wang compute it: the k-th
// diagonal entry of (n!/n^n) H^n for a (2k-1)-square H, rescaled by 2^128 to stay in range.
double cdfDurbin(int64_t n, double d)
{
    if (d >= 1.0) return 1.0;
    const double nd = double(n) * d;
    if (nd <= 0.5) return 0.0;
    const int64_t k = int64_t(std::ceil(nd));
    const double h = double(k) - nd;
    const size_t m = size_t(2 * k - 1);
    std::vector<double> v(m), w(m);
    double fac = 1.0;
    for (size_t j = 1; j <= m; ++j) {
        v[j - 1] = 1.0 - std::pow(h, double(j));
        w[j - 1] = fac;
        fac /= double(j);
        v[j - 1] *= fac;
    }
    const double tt = std::pow(std::max(2 * h - 1.0, 0.0), double(m)) - 2 * std::pow(h, double(m));
    v[m - 1] = (1.0 + tt) * fac;
    Matrix hm(m * m, 0.0);
    for (size_t i = 1; i < m; ++i)
        for (size_t r = i - 1; r < m; ++r)
            hm[r * m + i] = w[r - (i - 1)];
    for (size_t r = 0; r < m; ++r)
        hm[r * m] = v[r];
    for (size_t c = 0; c < m; ++c)
        hm[(m - 1) * m + c] = v[m - 1 - c];

    Matrix power(m * m, 0.0);
    for (size_t i = 0; i < m; ++i)
        power[i * m + i] = 1.0;
    int64_t exponent = 0, hExponent = 0;
    for (int64_t nn = n; nn > 0; nn /= 2) {
        if (nn % 2) {
            power = multiply(power, hm, m);
            exponent += hExponent;
        }
        hm = multiply(hm, hm, m);
        hExponent *= 2;
        const size_t diag = size_t(k - 1) * m + size_t(k - 1);
        if (std::abs(hm[diag]) > kScaleUp) {
            for (double &e : hm)
                e /= kScaleUp;
            hExponent += kScaleExponent;
        }
    }
    long double p = power[size_t(k - 1) * m + size_t(k - 1)];
    for (int64_t i = 1; i <= n; ++i) {
        p = double(i) * p / double(n);
        if (std::abs(p) < kScaleDown) {
            p *= kScaleUp;
            exponent -= kScaleExponent;
        }
    }
    if (exponent != 0) p = std::ldexp(p, int(exponent));
    return clip01(double(p));
}

// The band of non-zero entries of row i in Pomeranz's recursion.
std::pair<int64_t, int64_t> pomeranzBand(int64_t i, int64_t n, int64_t ll, int ceilf, int roundf)
{
    int64_t j1, j2;
    if (i == 0) {
        j1 = -ll - ceilf - 1;
        j2 = ll + ceilf - 1;
    } else {
        const int64_t half = (i + 1) / 2;
        if ((i + 1) % 2 == 0) { // i odd
            if (half == n + 1) {
                j1 = n - ll - ceilf - 1;
                j2 = n + ll + ceilf - 1;
            } else {
                j1 = half - 1 - ll - roundf - 1;
                j2 = half + ll - 1 + ceilf - 1;
            }
        } else {
            j1 = half - 1 - ll - 1;
            j2 = half + ll + roundf - 1;
        }
    }
    return {std::max<int64_t>(j1 + 2, 0), std::min(j2, n)};
}

// P[D_n <= x] by Pomeranz's recursion: rows are convolutions with (almost) Poisson weights.
double cdfPomeranz(int64_t n, double x)
{
    const double t = double(n) * x;
    const int64_t ll = int64_t(std::floor(t));
    const double f = t - double(ll);
    const double g = std::min(f, 1.0 - f);
    const int ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
    const size_t npwrs = size_t(2 * (ll + 1));
    std::vector<double> gpower(npwrs), twogpower(npwrs), onem2gpower(npwrs);
    gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
    const double gn = g / double(n), twogn = 2 * g / double(n), onem2gn = (1 - 2 * g) / double(n);
    for (size_t m = 1; m < npwrs; ++m) {
        gpower[m] = gpower[m - 1] * gn / double(m);
        twogpower[m] = twogpower[m - 1] * twogn / double(m);
        onem2gpower[m] = onem2gpower[m - 1] * onem2gn / double(m);
    }
    std::vector<double> v0(npwrs, 0.0), v1(npwrs, 0.0);
    v1[0] = 1;
    int64_t v0s = 0, v1s = 0, exponent = 0;
    auto [j1, j2] = pomeranzBand(0, n, ll, ceilf, roundf);
    for (int64_t i = 1; i < 2 * n + 2; ++i) {
        const int64_t k1 = j1;
        std::swap(v0, v1);
        std::swap(v0s, v1s);
        std::fill(v1.begin(), v1.end(), 0.0);
        std::tie(j1, j2) = pomeranzBand(i, n, ll, ceilf, roundf);
        const std::vector<double> &pwrs =
            (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 ? twogpower : onem2gpower);
        const int64_t ln2 = j2 - k1 + 1;
        if (ln2 <= 0) continue;
        // numpy.convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2]), entries conv_start.. of it.
        const int64_t start = k1 - v0s;
        const int64_t lenA = std::min<int64_t>(ln2, int64_t(npwrs) - start);
        const int64_t lenB = std::min<int64_t>(ln2, int64_t(npwrs));
        const int64_t convStart = j1 - k1, convLen = j2 - j1 + 1;
        double largest = 0;
        for (int64_t c = 0; c < convLen; ++c) {
            const int64_t kk = convStart + c;
            double sum = 0;
            for (int64_t a = std::max<int64_t>(0, kk - lenB + 1); a <= std::min(kk, lenA - 1); ++a)
                sum += v0[size_t(start + a)] * pwrs[size_t(kk - a)];
            v1[size_t(c)] = sum;
            largest = std::max(largest, sum);
        }
        if (largest > 0 && largest < kScaleDown) {
            for (double &e : v1)
                e *= kScaleUp;
            exponent -= kScaleExponent;
        }
        v1s = v0s + j1 - k1;
    }
    long double ans = v1[size_t(n - v1s)];
    for (int64_t m = 1; m <= n; ++m) {
        if (std::abs(ans) > kScaleUp) {
            ans *= kScaleDown;
            exponent += kScaleExponent;
        }
        ans *= double(m);
    }
    if (exponent != 0) ans = std::ldexp(ans, int(exponent));
    return clip01(double(ans));
}

// Pelz and Good's approximation of P[D_n <= x] (Li-Chien/Korolyuk's expansion in 1/sqrt(n),
// transformed with Jacobi's theta identity for small x). Not clipped, as in SciPy.
double cdfPelzGood(int64_t n, double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    const double z = std::sqrt(double(n)) * x;
    const double z2 = z * z, z3 = z * z * z, z4 = std::pow(z, 4), z6 = std::pow(z, 6);
    const double pi2 = kPi * kPi, pi4 = std::pow(kPi, 4), pi6 = std::pow(kPi, 6);
    const double qlog = -pi2 / 8 / z2;
    if (qlog < -708) return 0.0;
    double q = std::exp(qlog);
    const double k1a = -z2, k1b = pi2 / 4;
    const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4,
                 k2c = pi4 * (1 - 2 * z2) / 16;
    const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
                 k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * std::pow(z, 8);
    double k[4] = {0, 0, 0, 0};
    const int64_t maxk = int64_t(std::ceil(16 * z / kPi));
    for (int64_t kk = maxk; kk > 0; --kk) {
        const double m = double(2 * kk - 1), m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
        const double qpower = std::pow(q, double(8 * kk));
        const double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                                  k3a + k3b * m2 + k3c * m4 + k3d * m6};
        for (int i = 0; i < 4; ++i)
            k[i] = k[i] * qpower + coeffs[i];
    }
    const double sqrt2pi = std::sqrt(2 * kPi);
    const double divisors[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
    for (int i = 0; i < 4; ++i)
        k[i] = k[i] * q * sqrt2pi / divisors[i];
    q = std::exp(-pi2 / 2 / z2);
    double k2extra = 0, k3extra = 0;
    const double sqrt3z = std::sqrt(3.0) * z;
    for (int64_t kk = maxk; kk > 0; --kk) {
        const double ks = double(kk), ksq = ks * ks, qp = std::pow(q, ksq);
        k2extra += ksq * qp;
        k3extra += (sqrt3z + kPi * ks) * (sqrt3z - kPi * ks) * ksq * qp;
    }
    k[2] += k2extra * pi2 * sqrt2pi / (-36 * z3);
    k[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
    double sum = 0;
    for (int i = 0; i < 4; ++i)
        sum += k[i] / std::pow(double(n), i / 2.0);
    return sum;
}

} // namespace

double smirnovSurvival(int64_t n, double x)
{
    if (!(n > 0 && x >= 0.0 && x <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
    if (n == 1) return 1 - x;
    if (x == 0.0) return 1.0;
    if (x == 1.0) return 0.0;
    // floor(n x) and its remainder exactly (SciPy's modNX in double-double).
    const double nd = double(n);
    const double hi = nd * x, lo = std::fma(nd, x, -hi);
    double floorNx = std::floor(hi);
    double alpha = (hi - floorNx) + lo;
    if (alpha < 0) {
        floorNx -= 1;
        alpha += 1;
    }
    if (alpha >= 1) {
        floorNx += 1;
        alpha = 0;
    }
    const int64_t nxfl = int64_t(floorNx);
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) // x <= 1/n: cdf = x (1 + x)^(n-1)
        return clip01(1.0 -
                      double(x * std::exp((long double)(n - 1) * std::log1p((long double)x))));
    constexpr double kMinLog = -7.451332191019412076235E2; // cephes MINLOG, log(2^-1075)
    if (-2 * nd * x * x < kMinLog) return 0.0;
    if (nxfl >= n - 1) return clip01(double(std::exp(nd * std::log1p(-(long double)x))));
    if (n > 1000000) { // SciPy's SMIRNOV_MAX_COMPUTE_N: its approximation
        const double logp = -std::pow(6.0 * nd * x + 1, 2) / 18.0 / nd;
        return clip01(logp < -std::log(2.0) ? std::exp(logp) : 1 + std::expm1(logp));
    }
    int64_t lastTerm = n - nxfl - (alpha == 0 ? 0 : 1);
    if (alpha == 0) lastTerm -= 1;
    const int64_t terms = lastTerm + 1;
    // Birnbaum-Tingey: sf = x * sum_v C(n,v) (1-x-v/n)^(n-v) (x+v/n)^(v-1); positive terms,
    // each from its logarithm in long double, summed until the rest cannot matter (SciPy's rule).
    const long double lx = x;
    long double sum = std::exp((long double)n * std::log1p(-lx)) / lx;
    long double logBinomial = 0; // log C(n, v)
    for (int64_t v = 1; v < terms; ++v) {
        logBinomial += std::log((long double)(n - v + 1) / (long double)v);
        const long double below = ((long double)(n - v) - (long double)n * lx) / n; // 1-x-v/n
        const long double above = lx + (long double)v / n;                          // x+v/n
        const long double term = std::exp(logBinomial + (long double)(n - v) * std::log(below) +
                                          (long double)(v - 1) * std::log(above));
        if (std::isfinite(term) && term != 0) sum += term;
        if (term != 0) {
            if (4 * (long double)(terms - v) * term < DBL_EPSILON * sum && v != terms - 1) break;
        } else if (v > n / 2) {
            break;
        }
    }
    return clip01(double(lx * sum));
}

double kolmogorovSmirnovSurvival(int64_t n, double x)
{
    if (n <= 0 || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
    if (x >= 1.0) return 0.0;
    if (x <= 0.0) return 1.0;
    const double nd = double(n), t = nd * x;
    if (t <= 1.0) { // Ruben-Gambino: 1/(2n) <= x <= 1/n
        if (t <= 0.5) return 1.0;
        double prob;
        if (n <= 140) {
            prob = 1.0;
            for (int64_t i = 1; i <= n; ++i)
                prob *= double(i) * (1.0 / nd) * (2 * t - 1);
        } else {
            prob = std::exp(logFactorialOverPower(nd) + nd * std::log(2 * t - 1));
        }
        return clip01(1.0 - prob);
    }
    if (t >= nd - 1) return clip01(2 * std::pow(1.0 - x, nd)); // Ruben-Gambino
    if (x >= 0.5) return clip01(2 * smirnovSurvival(n, x));    // D+ and D- cannot both exceed
    const double nxSquared = t * x;
    if (n <= 140) {
        if (nxSquared <= 0.754693) return clip01(1.0 - cdfDurbin(n, x));
        if (nxSquared <= 4) return clip01(1.0 - cdfPomeranz(n, x));
        return clip01(2 * smirnovSurvival(n, x)); // Miller's approximation
    }
    if (nxSquared >= 370.0) return 0.0;
    if (nxSquared >= 2.2) return clip01(2 * smirnovSurvival(n, x));
    const double cdf = nxSquared >= 18.0                               ? 1.0
                       : (n <= 100000 && nd * std::pow(x, 1.5) <= 1.4) ? cdfDurbin(n, x)
                                                                       : cdfPelzGood(n, x);
    return clip01(1.0 - cdf);
}

} // namespace gr
