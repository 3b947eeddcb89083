#include "movechampiondialog.h"

#include "decisionlog/recordsigning.h"
#include "mlflow/trackingstore.h"
#include "model/errors.h"
#include "model/redaction.h"
#include "registry/registryaction.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace gr::ui {

MoveChampionDialog::MoveChampionDialog(const AliasMove &move, QWidget *parent)
    : QDialog(parent), m_move(move)
{
    setWindowTitle(tr("Move @%1?").arg(move.alias));
    setObjectName(QStringLiteral("moveChampionDialog"));
    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("plan"));
    text->setWordWrap(true);
    text->setText(tr("Decision #%1 promotes the candidate. Move <b>%2@%3</b> from %4 to <b>version "
                     "%5</b> in %6?"
                     "<br><br>Serving systems that load models:/%2@%3 will pick up version %5.")
                      .arg(move.decisionId)
                      .arg(move.model.toHtmlEscaped(), move.alias.toHtmlEscaped(),
                           move.fromVersion.isEmpty() ? tr("(not set)")
                                                      : tr("version %1").arg(move.fromVersion),
                           move.toVersion, redactUri(move.trackingUri).toHtmlEscaped()));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("error"));
    m_message->setWordWrap(true);
    m_message->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *go =
        buttons->addButton(tr("Move @%1").arg(move.alias), QDialogButtonBox::AcceptRole);
    go->setObjectName(QStringLiteral("confirmMove"));
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // nothing moves by pressing Enter
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &MoveChampionDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString MoveChampionDialog::apply(const AliasMove &move, qint64 *actionId)
{
    try {
        DecisionLog log(resolveDecisionLogPath(move.logPath), DecisionLog::OpenMode::ExistingOnly);
        AliasChangeRequest request;
        request.recordId = move.decisionId;
        request.alias = move.alias;
        request.execute = true;
        // Signed as the Record dialog signs: a log may require signed promote decisions.
        std::optional<SigningKey> key;
        if (QFile::exists(defaultSigningKeyPath())) key = SigningKey::load(defaultSigningKeyPath());
        request.signer = key ? &*key : nullptr;
        const AliasChangeResult result =
            promoteDecision(log, *openTrackingStore(move.trackingUri), request);
        if (actionId && result.logged) *actionId = result.logged->id;
        if (!result.confirmed)
            return tr("the alias was written, but reads back as %1 (another writer?)")
                .arg(result.readBack);
        return {};
    } catch (const InputError &e) {
        return e.message();
    }
}

void MoveChampionDialog::confirm()
{
    m_error = apply(m_move, &m_actionId);
    if (m_error.isEmpty()) {
        accept();
        return;
    }
    m_message->setText(tr("The alias was not moved: %1").arg(m_error));
    m_message->show();
}

} // namespace gr::ui
