// gatereview_bench CHAMPION.csv CANDIDATE.csv [--resamples N] [--no-analysis] [--end-to-end-only]
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
// GUI run, with the gate's full evaluation — the ratio end_to_end / parse_floor, and the gate's
// peak RSS per row per model (read when openReview() returns, before the stages run again). The
// stages are timed separately afterwards, to show where the time goes. The outputs' digests
// (file SHA-256s, fingerprints, every sweep point) are printed too, so runs before and after a
// change can be checked equal on the same large files. --no-analysis skips the analysis and
// cost-grid stages (not part of the gate); --end-to-end-only runs the floor and openReview() alone
// (for a profiler, or 100M rows).
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

// CPU seconds (user + system) of every thread so far: on a shared machine, a measure of the work
// done that other processes disturb less than wall time does.
double cpuSeconds()
{
    struct rusage usage
    {
    };
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peakRssBytes()
{
    struct rusage usage
    {
    };
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) * 1024.0;
}

// Every point of a sweep: "threshold tp fp" lines (%.17g), hashed (first 16 hex digits).
QString sweepDigest(const ThresholdSweep &sweep)
{
    std::string lines;
    lines.reserve(sweep.size() * 40);
    char line[80];
    for (size_t i = 0; i < sweep.size(); ++i) {
        const Confusion c = sweep.confusionAtIndex(i);
        const int n = std::snprintf(line, sizeof line, "%.17g %lld %lld\n", sweep.thresholdAt(i),
                                    static_cast<long long>(c.tp), static_cast<long long>(c.fp));
        lines.append(line, size_t(n));
    }
    return sha256Hex(lines.data(), lines.size()).left(16);
}

double seconds(QElapsedTimer &t)
{
    const double s = double(t.nsecsElapsed()) / 1e9;
    t.restart();
    return s;
}

// Times the stages one by one on fresh loads (after the end-to-end run), adding them to `out`.
void timeStages(const QStringList &args, const GatePolicy &policy, bool analysis, QJsonObject &out)
{
    QElapsedTimer stage;
    stage.start();
    const auto [champion, candidate] =
        inParallel([&] { return loadLocalRun(args[0]); }, [&] { return loadLocalRun(args[1]); });
    out[QStringLiteral("load_s")] = seconds(stage);

    const TestSetCheck check = checkTestSet(champion->predictions, candidate->predictions);
    if (!check.identical)
        throw InputError(args[1],
                         QStringLiteral("not the champion's test set: %1").arg(check.summary()));
    out[QStringLiteral("verify_s")] = seconds(stage);

    // As the gate does it: each model's sweep and metrics on its own thread.
    auto evaluated = [&policy](const Run &run) {
        ThresholdSweep sweep =
            ThresholdSweep::compute(run.predictions.labels, run.predictions.scores);
        ModelMetrics metrics = evaluateModel(sweep, run.threshold, policy.values);
        return std::pair{std::move(sweep), std::move(metrics)};
    };
    const auto [championEvaluation, candidateEvaluation] =
        inParallel([&] { return evaluated(*champion); }, [&] { return evaluated(*candidate); });
    const auto &[championSweep, chm] = championEvaluation;
    const auto &[candidateSweep, cam] = candidateEvaluation;
    out[QStringLiteral("sweeps_s")] = seconds(stage);

    const auto transitions = pairedTransitions(champion->predictions, champion->threshold,
                                               candidate->predictions, candidate->threshold, check);
    const PairedComparison paired = comparePaired(transitions, policy.values, policy.bootstrap);
    out[QStringLiteral("compare_s")] = seconds(stage);
    out[QStringLiteral("resamples")] = policy.bootstrap.resamples;
    out[QStringLiteral("net_benefit_delta")] = paired.netBenefitDelta.toJson();
    out[QStringLiteral("ci95")] =
        QStringLiteral("%1 .. %2")
            .arg(paired.bootstrap.low.toDecimalString(), paired.bootstrap.high.toDecimalString());
    out[QStringLiteral("mcnemar_p")] = paired.mcnemar.pValue;
    out[QStringLiteral("champion_best_nb_threshold")] = chm.bestNetBenefit.threshold;
    out[QStringLiteral("candidate_best_nb_threshold")] = cam.bestNetBenefit.threshold;
    if (!analysis) return;

    // The analysis pages' work, after the sweeps (not part of the gate's end-to-end time).
    // Wall and CPU (all threads) per part: on a shared machine the wall time of a stage mostly
    // measures the neighbours.
    stage.restart();
    const double cpuBeforeAnalysis = cpuSeconds();
    const auto [championCalibration, candidateCalibration] =
        inParallel([&] { return assessCalibration(championSweep); },
                   [&] { return assessCalibration(candidateSweep); });
    const double calibration = seconds(stage);
    const double calibrationCpu = cpuSeconds() - cpuBeforeAnalysis;
    const DeLongTest delong = delongPairedTest(champion->predictions, championSweep,
                                               candidate->predictions, candidateSweep, check);
    const double delongSeconds = seconds(stage);
    out[QStringLiteral("analysis_calibration_delong_s")] = calibration + delongSeconds;
    out[QStringLiteral("analysis_calibration_s")] = calibration;
    out[QStringLiteral("analysis_delong_s")] = delongSeconds;
    out[QStringLiteral("analysis_cpu_s")] = cpuSeconds() - cpuBeforeAnalysis;
    out[QStringLiteral("analysis_calibration_cpu_s")] = calibrationCpu;
    const auto [championCost, candidateCost] =
        inParallel([&] { return costModelOf(championSweep, champion->threshold); },
                   [&] { return costModelOf(candidateSweep, candidate->threshold); });
    const CostGrid optimumGrid =
        computeCostGrid(championCost, candidateCost, policy, OperatingPoint::OwnOptimum, 200);
    out[QStringLiteral("cost_grid_200x200_optimum_s")] = seconds(stage);
    const CostGrid declaredGrid =
        computeCostGrid(championCost, candidateCost, policy, OperatingPoint::Declared, 200);
    out[QStringLiteral("cost_grid_200x200_declared_s")] = seconds(stage);
    out[QStringLiteral("hull_vertices")] =
        QStringLiteral("%1 / %2").arg(championCost.hull.size()).arg(candidateCost.hull.size());
    out[QStringLiteral("delong_z")] = delong.z;
    out[QStringLiteral("calibration_slopes")] = QStringLiteral("%1 / %2")
                                                    .arg(championCalibration.fit.slope)
                                                    .arg(candidateCalibration.fit.slope);
    out[QStringLiteral("grid_promoted_share")] =
        QStringLiteral("%1 / %2").arg(optimumGrid.promotedShare).arg(declaredGrid.promotedShare);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (!args.isEmpty() && args[0] == QLatin1String("--slices")) return runSliceBench(args);
    if (args.size() < 2) {
        std::fputs("usage: gatereview_bench CHAMPION.csv CANDIDATE.csv [--resamples N] "
                   "[--no-analysis] [--end-to-end-only]\n",
                   stderr);
        return 2;
    }
    GatePolicy policy = GatePolicy::defaults();
    const int r = int(args.indexOf(QStringLiteral("--resamples")));
    if (r >= 0 && r + 1 < args.size()) policy.bootstrap.resamples = args[r + 1].toInt();
    try {
        double checksum = 0;
        const double floorCpuStart = cpuSeconds();
        const double floorSeconds = parseFloor(args[0], &checksum) + parseFloor(args[1], &checksum);
        const double floorCpu = cpuSeconds() - floorCpuStart;

        QElapsedTimer total;
        const double gateCpuStart = cpuSeconds();
        total.start();
        ReviewRequest request{args[0], args[1], QString(), QString()};
        const Review review = openReview(request);
        const double endToEnd = double(total.nsecsElapsed()) / 1e9;
        const double gateCpu = cpuSeconds() - gateCpuStart;
        const double gatePeakBytes = peakRssBytes();
        const GateReport &gate = *review.report;
        if (gate.result == GateResult::Invalid)
            throw InputError(args[1], QStringLiteral("the gate is INVALID: %1")
                                          .arg(gate.reasons.join(QStringLiteral("; "))));
        const double rows = double(gate.testSet.championRows);
        QJsonObject out{
            {QStringLiteral("rows_per_file"), rows},
            {QStringLiteral("parse_floor_s"), floorSeconds},
            {QStringLiteral("end_to_end_s"), endToEnd},
            {QStringLiteral("end_to_end_over_parse_floor"), endToEnd / floorSeconds},
            {QStringLiteral("parse_floor_cpu_s"), floorCpu},
            {QStringLiteral("end_to_end_cpu_s"), gateCpu},
            {QStringLiteral("peak_rss_mib"), gatePeakBytes / 1048576.0},
            {QStringLiteral("peak_rss_bytes_per_row_per_model"), gatePeakBytes / (2.0 * rows)},
            {QStringLiteral("floor_checksum"), checksum},
            {QStringLiteral("verdict"), toString(gate.result)},
            {QStringLiteral("file_sha256"),
             QStringLiteral("%1 / %2").arg(gate.champion.run->predictions.fileSha256.left(16),
                                           gate.candidate.run->predictions.fileSha256.left(16))},
            {QStringLiteral("fingerprints"),
             QStringLiteral("%1 / %2").arg(gate.testSet.championFingerprint.left(16),
                                           gate.testSet.candidateFingerprint.left(16))},
            {QStringLiteral("sweep_digests"),
             QStringLiteral("%1 / %2").arg(sweepDigest(*gate.champion.sweep),
                                           sweepDigest(*gate.candidate.sweep))},
            {QStringLiteral("gate_ci95"),
             QStringLiteral("%1 .. %2")
                 .arg(gate.comparison->bootstrap.low.toDecimalString(),
                      gate.comparison->bootstrap.high.toDecimalString())},
            {QStringLiteral("gate_mcnemar_p"), gate.comparison->mcnemar.pValue},
        };
        if (!args.contains(QStringLiteral("--end-to-end-only"))) {
            timeStages(args, policy, !args.contains(QStringLiteral("--no-analysis")), out);
            out[QStringLiteral("peak_rss_with_stages_mib")] = peakRssBytes() / 1048576.0;
        }
        std::puts(QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        return 0;
    } catch (const InputError &e) {
        std::fprintf(stderr, "gatereview_bench: %s\n", e.what());
        return 2;
    }
}
