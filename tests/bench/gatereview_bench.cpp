// gatereview_bench CHAMPION.csv CANDIDATE.csv [--resamples N]
//
// Times the gate pipeline stage by stage on two prediction files and prints one JSON line:
//   parse_floor   a bare std::from_chars pass over each file on one core (the floor any CSV
//                 gate must pay), summed over both files
//   load          both files read in parallel: parse, SHA-256 of the bytes, id order, fingerprint
//   verify        pairing the rows by id and comparing labels
//   sweeps        both threshold sweeps (in parallel) and the metrics read from them
//   compare       paired transitions, McNemar and the multinomial bootstrap
//   analysis      both calibration assessments (reliability bins, Brier decomposition, IRLS
//                 slope/intercept) and DeLong's paired test, after the sweeps
//   cost_grid     the 200x200 FP/FN verdict grid at each model's own optimum (hulls included)
//                 and at the declared thresholds, exact in cents
// plus end-to-end wall time of openReview() — the one pipeline `gatereview gate`, `report` and the
// GUI run, with the gate's full evaluation — the ratio end_to_end / parse_floor, and peak RSS per
// row per model. The stages are timed separately afterwards, to show where the time goes.
#include "analysis/calibration.h"
#include "analysis/costgrid.h"
#include "analysis/delong.h"
#include "gate/gatepolicy.h"
#include "io/chunkedfile.h"
#include "io/runloader.h"
#include "metrics/modelmetrics.h"
#include "metrics/pairedcomparison.h"
#include "metrics/testsetcheck.h"
#include "metrics/thresholdsweep.h"
#include "model/errors.h"
#include "model/parallel.h"
#include "review/openreview.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>

using namespace gr;

namespace gr {
int runSliceBench(const QStringList &args); // slicebench.cpp: gatereview_bench --slices [ROWS]
}

namespace {

// The parse floor: split lines, convert the three fields, keep nothing.
double parseFloor(const QString &path, double *checksum)
{
    QElapsedTimer timer;
    timer.start();
    std::FILE *f = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!f) throw InputError(path, QStringLiteral("cannot open"));
    std::string buffer(1 << 22, '\0');
    size_t carry = 0;
    double sum = 0;
    bool header = true;
    while (true) {
        const size_t n = std::fread(buffer.data() + carry, 1, buffer.size() - carry, f);
        const size_t end = carry + n;
        size_t pos = 0;
        while (true) {
            const char *nl =
                static_cast<const char *>(std::memchr(buffer.data() + pos, '\n', end - pos));
            if (!nl) break;
            const char *p = buffer.data() + pos;
            if (!header) {
                int64_t id = 0, label = 0;
                double score = 0;
                auto r1 = std::from_chars(p, nl, id);
                auto r2 = std::from_chars(r1.ptr + 1, nl, label);
                std::from_chars(r2.ptr + 1, nl, score);
                sum += score + double(label) + double(id & 1);
            }
            header = false;
            pos = size_t(nl - buffer.data()) + 1;
        }
        carry = end - pos;
        std::memmove(buffer.data(), buffer.data() + pos, carry);
        if (n == 0) break;
    }
    std::fclose(f);
    *checksum += sum;
    return double(timer.nsecsElapsed()) / 1e9;
}

double seconds(QElapsedTimer &t)
{
    const double s = double(t.nsecsElapsed()) / 1e9;
    t.restart();
    return s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (!args.isEmpty() && args[0] == QLatin1String("--slices")) return runSliceBench(args);
    if (args.size() < 2) {
        std::fputs("usage: gatereview_bench CHAMPION.csv CANDIDATE.csv [--resamples N]\n", stderr);
        return 2;
    }
    GatePolicy policy = GatePolicy::defaults();
    const int r = int(args.indexOf(QStringLiteral("--resamples")));
    if (r >= 0 && r + 1 < args.size()) policy.bootstrap.resamples = args[r + 1].toInt();
    try {
        double checksum = 0;
        const double floorSeconds = parseFloor(args[0], &checksum) + parseFloor(args[1], &checksum);

        QElapsedTimer total, stage;
        total.start();
        ReviewRequest request{args[0], args[1], QString(), QString()};
        const Review review = openReview(request);
        const double endToEnd = double(total.nsecsElapsed()) / 1e9;
        if (review.report->result == GateResult::Invalid)
            throw InputError(args[1], QStringLiteral("the gate is INVALID: %1")
                                          .arg(review.report->reasons.join(QStringLiteral("; "))));

        stage.start();
        const auto [champion, candidate] = inParallel([&] { return loadLocalRun(args[0]); },
                                                      [&] { return loadLocalRun(args[1]); });
        const double load = seconds(stage);

        const TestSetCheck check = checkTestSet(champion->predictions, candidate->predictions);
        if (!check.identical)
            throw InputError(
                args[1], QStringLiteral("not the champion's test set: %1").arg(check.summary()));
        const double verify = seconds(stage);

        const auto [championSweep, candidateSweep] = inParallel(
            [&] {
                return ThresholdSweep::compute(champion->predictions.labels,
                                               champion->predictions.scores);
            },
            [&] {
                return ThresholdSweep::compute(candidate->predictions.labels,
                                               candidate->predictions.scores);
            });
        const ModelMetrics chm = evaluateModel(championSweep, champion->threshold, policy.values);
        const ModelMetrics cam = evaluateModel(candidateSweep, candidate->threshold, policy.values);
        const double sweeps = seconds(stage);

        const auto transitions =
            pairedTransitions(champion->predictions, champion->threshold, candidate->predictions,
                              candidate->threshold, check);
        const PairedComparison paired = comparePaired(transitions, policy.values, policy.bootstrap);
        const double compare = seconds(stage);

        // The analysis pages' work, after the sweeps (not part of the gate's end-to-end time).
        const auto [championCalibration, candidateCalibration] =
            inParallel([&] { return assessCalibration(championSweep); },
                       [&] { return assessCalibration(candidateSweep); });
        const DeLongTest delong = delongPairedTest(champion->predictions, championSweep,
                                                   candidate->predictions, candidateSweep, check);
        const double analysis = seconds(stage);
        const auto [championCost, candidateCost] =
            inParallel([&] { return costModelOf(championSweep, champion->threshold); },
                       [&] { return costModelOf(candidateSweep, candidate->threshold); });
        const CostGrid optimumGrid =
            computeCostGrid(championCost, candidateCost, policy, OperatingPoint::OwnOptimum, 200);
        const double costGridOptimum = seconds(stage);
        const CostGrid declaredGrid =
            computeCostGrid(championCost, candidateCost, policy, OperatingPoint::Declared, 200);
        const double costGridDeclared = seconds(stage);

        struct rusage usage
        {
        };
        getrusage(RUSAGE_SELF, &usage);
        const double peakBytes = double(usage.ru_maxrss) * 1024.0;
        const double rows = double(champion->predictions.size());
        const QJsonObject out{
            {QStringLiteral("rows_per_file"), rows},
            {QStringLiteral("parse_floor_s"), floorSeconds},
            {QStringLiteral("load_s"), load},
            {QStringLiteral("verify_s"), verify},
            {QStringLiteral("sweeps_s"), sweeps},
            {QStringLiteral("compare_s"), compare},
            {QStringLiteral("end_to_end_s"), endToEnd},
            {QStringLiteral("analysis_calibration_delong_s"), analysis},
            {QStringLiteral("cost_grid_200x200_optimum_s"), costGridOptimum},
            {QStringLiteral("cost_grid_200x200_declared_s"), costGridDeclared},
            {QStringLiteral("hull_vertices"), QStringLiteral("%1 / %2")
                                                  .arg(championCost.hull.size())
                                                  .arg(candidateCost.hull.size())},
            {QStringLiteral("delong_z"), delong.z},
            {QStringLiteral("calibration_slopes"), QStringLiteral("%1 / %2")
                                                       .arg(championCalibration.fit.slope)
                                                       .arg(candidateCalibration.fit.slope)},
            {QStringLiteral("grid_promoted_share"), QStringLiteral("%1 / %2")
                                                        .arg(optimumGrid.promotedShare)
                                                        .arg(declaredGrid.promotedShare)},
            {QStringLiteral("end_to_end_over_parse_floor"), endToEnd / floorSeconds},
            {QStringLiteral("peak_rss_mib"), peakBytes / 1048576.0},
            {QStringLiteral("peak_rss_bytes_per_row_per_model"), peakBytes / (2.0 * rows)},
            {QStringLiteral("resamples"), policy.bootstrap.resamples},
            {QStringLiteral("net_benefit_delta"), paired.netBenefitDelta.toJson()},
            {QStringLiteral("ci95"), QStringLiteral("%1 .. %2")
                                         .arg(paired.bootstrap.low.toDecimalString(),
                                              paired.bootstrap.high.toDecimalString())},
            {QStringLiteral("mcnemar_p"), paired.mcnemar.pValue},
            {QStringLiteral("champion_best_nb_threshold"), chm.bestNetBenefit.threshold},
            {QStringLiteral("candidate_best_nb_threshold"), cam.bestNetBenefit.threshold},
            {QStringLiteral("floor_checksum"), checksum},
        };
        std::puts(QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        return 0;
    } catch (const InputError &e) {
        std::fprintf(stderr, "gatereview_bench: %s\n", e.what());
        return 2;
    }
}
