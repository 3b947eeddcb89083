#include "confusion.h"

#include <cmath>

namespace gr {

static double ratio(double num, double den)
{
    return den == 0 ? 0.0 : num / den;
}

int64_t Confusion::count(Cell c) const
{
    switch (c) {
    case Cell::TP:
        return tp;
    case Cell::FP:
        return fp;
    case Cell::FN:
        return fn;
    case Cell::TN:
        return tn;
    }
    return 0;
}

double Confusion::precision() const
{
    return ratio(double(tp), double(tp + fp));
}
double Confusion::recall() const
{
    return ratio(double(tp), double(tp + fn));
}
double Confusion::f1() const
{
    return ratio(2.0 * double(tp), double(2 * tp + fp + fn));
}
double Confusion::accuracy() const
{
    return ratio(double(tp + tn), double(total()));
}

double Confusion::mcc() const
{
    // scikit-learn's formulation via the covariance of the 2x2 table; 0 when undefined.
    const double t = double(total());
    const double predPos = double(tp + fp), actPos = double(tp + fn);
    const double cov = double(tp) * t - predPos * actPos;
    const double varPred = predPos * (t - predPos);
    const double varAct = actPos * (t - actPos);
    if (varPred == 0 || varAct == 0) return 0.0;
    return cov / std::sqrt(varPred * varAct);
}

Money CellValues::netBenefit(const Confusion &c) const
{
    MoneySum sum;
    sum.add(tp, c.tp);
    sum.add(fp, c.fp);
    sum.add(fn, c.fn);
    sum.add(tn, c.tn);
    return sum.total();
}

Money CellValues::of(Cell c) const
{
    switch (c) {
    case Cell::TP:
        return tp;
    case Cell::FP:
        return fp;
    case Cell::FN:
        return fn;
    case Cell::TN:
        return tn;
    }
    return {};
}

const char *cellName(Cell c)
{
    static const char *names[] = {"tp", "fp", "fn", "tn"};
    return names[int(c)];
}

} // namespace gr
