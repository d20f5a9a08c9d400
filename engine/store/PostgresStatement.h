#pragma once

#include "store/NativeStatement.h"

#include <QByteArray>
#include <vector>

struct pg_conn;

namespace orrery {

class PostgresPipeline;

// NativeStatement on PostgreSQL: PQprepare once per connection, then PQexecPrepared with the
// values as text parameters (bytea as binary), which the server converts to the columns' types.
// With a pipeline (the writer's batch transaction), send() queues the statement there instead.
class PostgresStatement final : public NativeStatement
{
public:
    static std::unique_ptr<NativeStatement> prepare(pg_conn *conn, const QString &sql, int parameters,
                                                    const SqlBackend &backend, Error *error,
                                                    PostgresPipeline *pipeline = nullptr);

    Result<void> exec(const QVariantList &values) override;
    Result<void> send(const QVariantList &values, const QString &what) override;
    void finalize() override { m_conn = nullptr; } // the server forgets it with the connection

private:
    PostgresStatement(pg_conn *conn, QByteArray name, int parameters, const SqlBackend &backend,
                      PostgresPipeline *pipeline);
    // Fills m_values/m_lengths/m_formats from `values`.
    Result<void> bind(const QVariantList &values);

    pg_conn *m_conn;
    QByteArray m_name;
    int m_parameters;
    const SqlBackend &m_backend;
    PostgresPipeline *m_pipeline;
    std::vector<QByteArray> m_text;     // per parameter, alive during the call
    std::vector<const char *> m_values;
    std::vector<int> m_lengths;
    std::vector<int> m_formats;
};

} // namespace orrery
