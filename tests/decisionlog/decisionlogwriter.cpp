// Test helper: appends decisions to a log in an endless loop, printing "committed ID" after each
// commit, until the test SIGKILLs it. Usage: decisionlog_writer LOG REPORT.json
#include "decisionlog/decisionlog.h"
#include "model/errors.h"

#include <cstdio>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fputs("usage: decisionlog_writer LOG REPORT.json\n", stderr);
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[2]));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fputs("cannot read the report\n", stderr);
        return 2;
    }
    gr::Decision decision;
    decision.kind = gr::DecisionKind::ChampionStays;
    decision.author = QStringLiteral("writer");
    decision.gateReport = QJsonDocument::fromJson(file.readAll()).object();
    try {
        gr::DecisionLog log(QString::fromLocal8Bit(argv[1]));
        for (qint64 i = 0;; ++i) {
            // Long rationales make each transaction span several pages, so a kill is likely to
            // land in the middle of one.
            decision.rationale =
                QStringLiteral("loop %1 ").arg(i) + QString(20000, QLatin1Char('r'));
            const gr::DecisionRecord r = log.append(decision);
            std::printf("committed %lld\n", static_cast<long long>(r.id));
            std::fflush(stdout);
        }
    } catch (const gr::InputError &e) {
        std::fprintf(stderr, "%s\n", qPrintable(e.message()));
        return 1;
    }
}
