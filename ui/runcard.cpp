#include "runcard.h"
#include "palette.h"

#include <QApplication>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>

namespace gr::ui {

RunCard::RunCard(Side side, ReviewState *state, QWidget *parent)
    : QGroupBox(side == Side::Champion ? tr("Champion") : tr("Candidate"), parent), m_side(side),
      m_state(state), m_form(new QFormLayout(this))
{
    setObjectName(side == Side::Champion ? QStringLiteral("championCard")
                                         : QStringLiteral("candidateCard"));
    applyAccent();
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = addRow(tr("Run"), QStringLiteral("nameValue"));
    m_model = addRow(tr("Model"), QStringLiteral("modelValue"));
    m_runId = addRow(tr("Run id"), QStringLiteral("runIdValue"));
    m_threshold = addRow(tr("Threshold"), QStringLiteral("thresholdValue"));
    m_rows = addRow(tr("Rows / positives"), QStringLiteral("rowsValue"));
    m_digest = addRow(tr("Dataset digest"), QStringLiteral("digestValue"));
    m_datasets = addRow(tr("Dataset inputs"), QStringLiteral("datasetsValue"));
    m_source = addRow(tr("Source"), QStringLiteral("sourceValue"));
    m_notes = addRow(tr("Notes"), QStringLiteral("notesValue"));
    connect(state, &ReviewState::reportChanged, this, &RunCard::refresh);
    connect(state, &ReviewState::whatIfChanged, this, [this](Side s) {
        if (s == m_side) refresh();
    });
    refresh();
}

void RunCard::applyAccent()
{
    const QColor accent = m_side == Side::Champion ? colors::champion(QApplication::palette())
                                                   : colors::candidate(QApplication::palette());
    if (accent.name() == m_accent) return;
    m_accent = accent.name();
    setStyleSheet(
        QStringLiteral("QGroupBox#%1 { font-weight: bold; border: 2px solid %2; border-radius: "
                       "4px; margin-top: 1.2em; padding-top: 6px; }"
                       "QGroupBox#%1::title { subcontrol-origin: margin; left: 8px; color: %2; }"
                       "QGroupBox#%1 QLabel { font-weight: normal; }")
            .arg(objectName(), m_accent));
}

void RunCard::changeEvent(QEvent *event)
{
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyAccent();
}

QLabel *RunCard::addRow(const QString &label, const QString &name)
{
    auto *value = new QLabel(this);
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_form->addRow(label, value);
    return value;
}

void RunCard::refresh()
{
    const ModelEvaluation *e = m_state->evaluation(m_side);
    const bool has = e && e->run;
    for (QLabel *l :
         {m_name, m_model, m_runId, m_threshold, m_rows, m_digest, m_datasets, m_source, m_notes})
        l->setText(has ? QString() : QStringLiteral("—"));
    if (!has) return;
    const Run &run = *e->run;
    const RunMetadata &meta = run.meta;
    const QString none = tr("not recorded");
    m_name->setText(run.label());
    QStringList model;
    if (!meta.modelName.isEmpty()) model << meta.modelName;
    if (!meta.modelVersion.isEmpty()) model << tr("version %1").arg(meta.modelVersion);
    if (!meta.alias.isEmpty()) model << QStringLiteral("@") + meta.alias;
    m_model->setText(model.isEmpty() ? none : model.join(QStringLiteral(" · ")));
    m_runId->setText(meta.runId.isEmpty() ? none : meta.runId);
    QString threshold =
        tr("%1 (%2)").arg(run.threshold, 0, 'g', 6).arg(toString(run.thresholdSource));
    if (m_state->isWhatIf(m_side))
        threshold += tr(" — exploring what-if %1").arg(m_state->whatIfThreshold(m_side), 0, 'f', 4);
    m_threshold->setText(threshold);
    const QLocale locale;
    m_rows->setText(tr("%1 / %2 (%3% positive)")
                        .arg(locale.toString(qlonglong(run.predictions.size())),
                             locale.toString(run.predictions.positives))
                        .arg(run.predictions.size() ? 100.0 * double(run.predictions.positives) /
                                                          double(run.predictions.size())
                                                    : 0.0,
                             0, 'f', 2));
    m_digest->setText(meta.datasetDigest.isEmpty() ? none : meta.datasetDigest);
    QStringList datasets; // as MLflow logs them: context, name, digest
    for (const DatasetInput &d : meta.datasets)
        datasets << tr("%1: %2 (%3)")
                        .arg(d.context.isEmpty() ? tr("input") : d.context, d.name,
                             d.digest.isEmpty() ? tr("no digest") : d.digest);
    m_datasets->setText(datasets.isEmpty() ? none : datasets.join(QLatin1Char('\n')));
    m_source->setText(
        QStringLiteral("%1 — %2").arg(QFileInfo(run.predictions.source).fileName(), meta.origin));
    m_source->setToolTip(run.predictions.source);
    m_notes->setText(meta.notes.isEmpty() ? tr("none") : meta.notes.join(QLatin1Char('\n')));
}

} // namespace gr::ui
