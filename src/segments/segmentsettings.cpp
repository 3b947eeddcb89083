#include "segmentsettings.h"

#include <QJsonArray>

namespace gr {

QJsonObject SegmentSettings::toJson() const
{
    return QJsonObject{{QStringLiteral("include"), QJsonArray::fromStringList(include)},
                       {QStringLiteral("exclude"), QJsonArray::fromStringList(exclude)},
                       {QStringLiteral("top_k"), topK},
                       {QStringLiteral("max_level"), maxLevel},
                       {QStringLiteral("alpha"), alpha},
                       {QStringLiteral("min_support"), double(minSupport)},
                       {QStringLiteral("numeric_bins"), numericBins},
                       {QStringLiteral("max_categories"), maxCategories},
                       {QStringLiteral("fdr"), fdr}};
}

} // namespace gr
