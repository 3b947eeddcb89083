#pragma once
// Finds a run's artifact on disk for the local stores. Stores are copied between machines (the
// test fixtures were written under /home/mlops), so a recorded absolute artifact URI that does
// not exist is resolved against the store that was opened, and the user is told so. An artifact
// path can never leave the run's artifact folder: no absolute paths, no "..", no symlinks out.
#include "trackingstore.h"

namespace gr {

// Throws InputError when `artifactPath` is absolute or has a ".." component.
void checkArtifactPath(const QString &artifactPath, const QString &context);

// `storeRoots`: folders to resolve a relocated artifact URI against, most specific first
// (the mlruns folder, the folder holding mlflow.db, ...).
FetchedArtifact resolveLocalArtifact(const QString &artifactUri, const QString &runId,
                                     const QString &artifactPath, const QStringList &storeRoots);

} // namespace gr
