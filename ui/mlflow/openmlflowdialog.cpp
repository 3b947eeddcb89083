#include "openmlflowdialog.h"
#include "model/parallel.h"
#include "modelversionsmodel.h"

#include "model/errors.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace gr::ui {

OpenMlflowDialog::OpenMlflowDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Open MLflow"));
    setObjectName(QStringLiteral("openMlflowDialog"));

    m_uri = new QLineEdit(qEnvironmentVariable("MLFLOW_TRACKING_URI"), this);
    m_uri->setObjectName(QStringLiteral("trackingUri"));
    m_uri->setPlaceholderText(
        tr("sqlite:///path/mlflow.db, file:///path/mlruns, a path, or http://host:5000"));
    auto *folder = new QToolButton(this);
    folder->setText(tr("mlruns folder…"));
    auto *database = new QToolButton(this);
    database->setText(tr("mlflow.db…"));
    m_connect = new QPushButton(tr("Connect"), this);
    m_connect->setObjectName(QStringLiteral("connect"));
    auto *uriRow = new QHBoxLayout;
    uriRow->addWidget(m_uri, 1);
    uriRow->addWidget(folder);
    uriRow->addWidget(database);
    uriRow->addWidget(m_connect);

    m_models = new QListWidget(this);
    m_models->setObjectName(QStringLiteral("models"));
    m_versionsModel = new ModelVersionsModel(this);
    m_versions = new QTableView(this);
    m_versions->setObjectName(QStringLiteral("versions"));
    m_versions->setModel(m_versionsModel);
    m_versions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_versions->horizontalHeader()->setStretchLastSection(true);
    m_versions->verticalHeader()->hide();
    auto *split = new QSplitter(this);
    split->addWidget(m_models);
    split->addWidget(m_versions);
    split->setStretchFactor(1, 2);

    m_champion = new QComboBox(this);
    m_champion->setObjectName(QStringLiteral("championAlias"));
    m_candidate = new QComboBox(this);
    m_candidate->setObjectName(QStringLiteral("candidateAlias"));
    for (QComboBox *c : {m_champion, m_candidate}) {
        c->setEditable(true); // an alias, or a version number
        c->setToolTip(tr("An alias of the selected model, or a version number"));
    }
    m_artifactPath = new QLineEdit(QStringLiteral("predictions.csv"), this);
    m_artifactPath->setObjectName(QStringLiteral("artifactPath"));
    auto *form = new QFormLayout;
    form->addRow(tr("Champion"), m_champion);
    form->addRow(tr("Candidate"), m_candidate);
    form->addRow(tr("Predictions artifact"), m_artifactPath);
    m_policy = new QLineEdit(this);
    m_policy->setObjectName(QStringLiteral("policyPath"));
    m_policy->setPlaceholderText(tr("built-in default policy"));
    m_policy->setToolTip(tr("The gate policy YAML whose cost matrix prices the outcomes"));
    auto *browsePolicy = new QPushButton(tr("Browse…"), this);
    browsePolicy->setObjectName(QStringLiteral("policyBrowseButton"));
    connect(browsePolicy, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Gate policy"), m_policy->text(),
                                         tr("Gate policy (*.yaml *.yml);;All files (*)"));
        if (!path.isEmpty()) m_policy->setText(path);
    });
    auto *policyRow = new QHBoxLayout;
    policyRow->addWidget(m_policy, 1);
    policyRow->addWidget(browsePolicy);
    form->addRow(tr("Gate policy"), policyRow);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Load champion vs candidate"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(uriRow);
    layout->addWidget(split, 1);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(820, 480);

    connect(folder, &QToolButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("MLflow file store (mlruns)"));
        if (!dir.isEmpty()) setTrackingUri(QUrl::fromLocalFile(dir).toString());
    });
    connect(database, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("MLflow SQLite store"), {}, tr("SQLite (*.db *.sqlite);;All files (*)"));
        if (!file.isEmpty()) setTrackingUri(QStringLiteral("sqlite:///") + file);
    });
    connect(m_connect, &QPushButton::clicked, this, &OpenMlflowDialog::connectToStore);
    connect(m_uri, &QLineEdit::returnPressed, this, &OpenMlflowDialog::connectToStore);
    connect(m_models, &QListWidget::currentRowChanged, this, &OpenMlflowDialog::modelSelected);
    connect(&m_watcher, &QFutureWatcher<Browse>::finished, this, &OpenMlflowDialog::browsed);
    for (QComboBox *c : {m_champion, m_candidate})
        connect(c, &QComboBox::currentTextChanged, this, &OpenMlflowDialog::updateAcceptable);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateAcceptable();
}

void OpenMlflowDialog::setTrackingUri(const QString &uri)
{
    m_uri->setText(uri);
    connectToStore();
}

QString OpenMlflowDialog::trackingUri() const
{
    return m_connectedUri;
}

QString OpenMlflowDialog::selectedModel() const
{
    const int row = m_models->currentRow();
    return row >= 0 && row < m_registered.size() ? m_registered[row].name : QString();
}

QString OpenMlflowDialog::address(const QComboBox *choice) const
{
    QString text = choice->currentText().trimmed();
    if (text.startsWith(QLatin1Char('@'))) text.remove(0, 1);
    if (selectedModel().isEmpty() || text.isEmpty()) return {};
    static const QRegularExpression number(QStringLiteral("^v?([0-9]+)$"));
    if (const auto m = number.match(text); m.hasMatch())
        return QStringLiteral("models:/%1/%2").arg(selectedModel(), m.captured(1));
    return QStringLiteral("models:/%1@%2").arg(selectedModel(), text);
}

QString OpenMlflowDialog::championAddress() const
{
    return address(m_champion);
}

QString OpenMlflowDialog::candidateAddress() const
{
    return address(m_candidate);
}

QString OpenMlflowDialog::artifactPath() const
{
    const QString p = m_artifactPath->text().trimmed();
    return p.isEmpty() ? QStringLiteral("predictions.csv") : p;
}

void OpenMlflowDialog::connectToStore()
{
    if (m_watcher.isRunning()) return;
    const QString uri = m_uri->text().trimmed();
    m_status->setText(tr("Reading %1…").arg(uri));
    m_connect->setEnabled(false);
    m_watcher.setFuture(QtConcurrent::run(workerPool(), [uri] {
        Browse b;
        try {
            b.models = openTrackingStore(uri)->registeredModels();
        } catch (const InputError &e) {
            b.error = e.message();
        }
        return b;
    }));
    m_connectedUri = uri;
}

void OpenMlflowDialog::modelSelected()
{
    const QString model = selectedModel();
    m_versionsModel->setVersions({});
    for (QComboBox *c : {m_champion, m_candidate})
        c->clear();
    if (model.isEmpty()) return;
    const MlflowRegisteredModel &m = m_registered[m_models->currentRow()];
    for (QComboBox *c : {m_champion, m_candidate})
        c->addItems(m.aliases.keys());
    // MLflow's convention: @champion serves, @candidate waits for the gate.
    m_champion->setCurrentText(
        m.aliases.contains(QStringLiteral("champion")) ? QStringLiteral("champion") : QString());
    m_candidate->setCurrentText(
        m.aliases.contains(QStringLiteral("candidate")) ? QStringLiteral("candidate") : QString());
    updateAcceptable();
    if (m_watcher.isRunning()) return; // browsed() asks again for the model selected by then
    const QString uri = m_connectedUri;
    m_status->setText(tr("Reading the versions of %1…").arg(model));
    m_watcher.setFuture(QtConcurrent::run(workerPool(), [uri, model] {
        Browse b;
        b.model = model;
        try {
            b.versions = openTrackingStore(uri)->modelVersions(model);
        } catch (const InputError &e) {
            b.error = e.message();
        }
        return b;
    }));
}

void OpenMlflowDialog::browsed()
{
    const Browse b = m_watcher.result();
    m_connect->setEnabled(true);
    if (!b.error.isEmpty()) {
        m_status->setText(b.error);
        updateAcceptable();
        return;
    }
    if (b.model.isEmpty()) { // a fresh connection
        m_registered = b.models;
        QSignalBlocker block(m_models);
        m_models->clear();
        for (const MlflowRegisteredModel &m : m_registered) {
            QStringList aliases;
            for (auto it = m.aliases.cbegin(); it != m.aliases.cend(); ++it)
                aliases << QStringLiteral("@%1=v%2").arg(it.key(), it.value());
            m_models->addItem(aliases.isEmpty() ? m.name
                                                : QStringLiteral("%1   %2").arg(
                                                      m.name, aliases.join(QLatin1Char(' '))));
        }
        m_status->setText(tr("%n registered model(s).", nullptr, int(m_registered.size())));
        if (!m_registered.isEmpty()) {
            block.unblock();
            m_models->setCurrentRow(0); // reads its versions
        }
    } else if (b.model == selectedModel()) {
        m_versionsModel->setVersions(b.versions);
        m_versions->resizeColumnsToContents();
        m_status->setText(tr("%1: %n version(s).", nullptr, int(b.versions.size())).arg(b.model));
    } else if (!selectedModel().isEmpty()) {
        // The selection moved on while these versions were read: read the current model's.
        const QString champion = m_champion->currentText(), candidate = m_candidate->currentText();
        modelSelected();
        m_champion->setCurrentText(champion);
        m_candidate->setCurrentText(candidate);
        return;
    }
    updateAcceptable();
}

void OpenMlflowDialog::updateAcceptable()
{
    const bool ok = !championAddress().isEmpty() && !candidateAddress().isEmpty() &&
                    championAddress() != candidateAddress();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok && !m_watcher.isRunning());
}

void OpenMlflowDialog::setPolicy(const QString &path)
{
    m_policy->setText(path);
}

QString OpenMlflowDialog::policy() const
{
    return m_policy->text().trimmed();
}

} // namespace gr::ui
