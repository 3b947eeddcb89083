#pragma once
// File → Open MLflow…: pick a tracking URI (SQLite file, mlruns folder or server), browse the
// registered models, their versions and aliases, and choose the champion and candidate by alias
// (or version number) in one step. Registry calls run on a worker thread — a tracking server may
// be slow — and each opens its own store there, so SQLite connections never cross threads.
// The dialog only chooses: the caller loads the two addresses with the tracking URI.
#include "mlflow/trackingstore.h"

#include <QDialog>
#include <QFutureWatcher>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;

namespace gr::ui {

class ModelVersionsModel;

class OpenMlflowDialog : public QDialog
{
    Q_OBJECT
public:
    explicit OpenMlflowDialog(QWidget *parent = nullptr);

    void setTrackingUri(const QString &uri); // also connects
    QString trackingUri() const;
    QString selectedModel() const;
    QString championAddress() const; // models:/NAME@ALIAS, or models:/NAME/VERSION for a number
    QString candidateAddress() const;
    QString artifactPath() const;
    // The gate policy the review is evaluated under; empty: the built-in default.
    void setPolicy(const QString &path);
    QString policy() const;

public slots:
    void connectToStore();

private:
    struct Browse
    {
        QList<MlflowRegisteredModel> models;
        QList<MlflowModelVersion> versions;
        QString model; // whose versions these are
        QString error;
    };
    void modelSelected();
    void browsed();
    void updateAcceptable();
    QString address(const QComboBox *choice) const;

    QLineEdit *m_uri;
    QPushButton *m_connect;
    QListWidget *m_models;
    QTableView *m_versions;
    ModelVersionsModel *m_versionsModel;
    QComboBox *m_champion, *m_candidate;
    QLineEdit *m_artifactPath;
    QLineEdit *m_policy;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QFutureWatcher<Browse> m_watcher;
    QList<MlflowRegisteredModel> m_registered;
    QString m_connectedUri;
};

} // namespace gr::ui
