#include "columnchoice.h"
#include "model/errors.h"

namespace gr {

const QStringList &rowIdColumnNames()
{
    static const QStringList names = {QStringLiteral("row_id"), QStringLiteral("id"),
                                      QStringLiteral("index")};
    return names;
}

const QStringList &labelColumnNames()
{
    static const QStringList names = {QStringLiteral("y_true"), QStringLiteral("label"),
                                      QStringLiteral("target"), QStringLiteral("actual")};
    return names;
}

const QStringList &scoreColumnNames()
{
    static const QStringList names = {QStringLiteral("y_score"), QStringLiteral("score"),
                                      QStringLiteral("proba"), QStringLiteral("probability"),
                                      QStringLiteral("prediction")};
    return names;
}

int findColumn(const QStringList &header, const QString &explicitName,
               const QStringList &candidates, const QString &role, const QString &path)
{
    if (!explicitName.isEmpty()) {
        const int i = header.indexOf(explicitName);
        if (i < 0)
            throw InputError(path, 1,
                             QStringLiteral("no column named '%1' for the %2 (the header has: %3)")
                                 .arg(explicitName, role, header.join(QStringLiteral(", "))));
        return i;
    }
    for (const QString &name : candidates) {
        int found = -1;
        for (int i = 0; i < header.size(); ++i) {
            if (header[i].compare(name, Qt::CaseInsensitive) != 0) continue;
            if (found >= 0)
                throw InputError(path, 1,
                                 QStringLiteral("columns %1 ('%2') and %3 ('%4') could both be the "
                                                "%5; name the one to use")
                                     .arg(found + 1)
                                     .arg(header[found], QString::number(i + 1), header[i], role));
            found = i;
        }
        if (found >= 0) return found;
    }
    throw InputError(
        path, 1,
        QStringLiteral("missing the %1 column: expected one of %2 (the header has: %3)")
            .arg(role, candidates.join(QLatin1Char('|')), header.join(QStringLiteral(", "))));
}

} // namespace gr
