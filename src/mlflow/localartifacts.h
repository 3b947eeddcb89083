#pragma once
// Finds a run's artifact on disk for the local stores. Stores are copied between machines (the
// test fixtures were written under /home/mlops), so a recorded absolute artifact URI that does
// not exist is resolved against the store that was opened, and the user is told so. An artifact
// path can never leave the run's artifact folder: no absolute paths, no "..", no symlinks out.
// The artifact folder itself must lie inside one of the store roots after resolving symlinks
// (a store whose artifact_uri says file:///etc or ../../etc is refused, naming the store and the
// path, and nothing of the file is read).
#include "trackingstore.h"

namespace gr {

// Throws InputError when `artifactPath` is absolute or has a ".." component.
void checkArtifactPath(const QString &artifactPath, const QString &context);

// Throws InputError unless `runId` looks like an MLflow run id (letters, digits, '-', '_'; at
// most 64): a registry or server cannot smuggle a path into a file name or URL through it.
void checkRunId(const QString &runId, const QString &context);

// The files under an artifact folder (relative paths, sorted, at most 1000), for messages.
QStringList listLocalArtifacts(const QString &root);

// `storeRoots`: folders to resolve a relocated artifact URI against, most specific first
// (the mlruns folder, the folder holding mlflow.db, ...).
FetchedArtifact resolveLocalArtifact(const QString &artifactUri, const QString &runId,
                                     const QString &artifactPath, const QStringList &storeRoots);

} // namespace gr
