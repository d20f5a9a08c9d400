#include "BlockingTaskHandler.h"

namespace orrery {

BlockingTaskHandler::~BlockingTaskHandler() = default;

} // namespace orrery
