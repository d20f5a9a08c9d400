#pragma once

#include <memory>

namespace orrery {

class ApiRouter;
class Clock;
class SchedulerAccess;

// REST routes of the scheduler (docs/api.md "Scheduler"):
//   GET    /api/scheduler/jobs                     viewer    all jobs with their next run times
//   GET    /api/scheduler/jobs/{id}?runs=20        viewer    one job with its recent runs
//   POST   /api/scheduler/jobs                     admin     create (body: job definition)
//   PUT    /api/scheduler/jobs/{id}                admin     replace the definition (reschedule)
//   DELETE /api/scheduler/jobs/{id}                admin
//   POST   /api/scheduler/jobs/{id}/pause          operator
//   POST   /api/scheduler/jobs/{id}/resume?from=missed|now   operator
//   POST   /api/scheduler/jobs/{id}/run            operator  one run now
//   GET    /api/scheduler/preview?expr=&tz=&count=&from=     viewer  validation, description, next fire times
class SchedulerRoutes
{
public:
    static void registerRoutes(ApiRouter &router, std::shared_ptr<SchedulerAccess> access, const Clock *clock);
};

} // namespace orrery
