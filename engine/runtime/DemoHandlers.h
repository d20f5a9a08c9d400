#pragma once

#include "core/Result.h"

#include <QString>

namespace orrery {

class HandlerRegistry;
class JsonLogger;

// The local task types behind the demo profiling workflow, registered through the embedder API
// (HandlerRegistry), as any application embedding the engine would:
//  - profile_analyze: compares a `profile` summary with CPU/RSS thresholds -> {status, findings, message}
//  - profile_store:   writes {profile, analysis} as a JSON report under <dataDir>/profiles/ -> {path, bytes}
//  - notify:          writes a notification line to the structured log -> {notified, title, status, message}
Result<void> registerDemoHandlers(HandlerRegistry &registry, const QString &dataDir, JsonLogger *logger);

} // namespace orrery
