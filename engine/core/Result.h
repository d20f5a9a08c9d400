#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace orrery {

// One problem with an input, located by a JSON-path-like field path ("tasks[2].name").
struct FieldError
{
    QString path;
    QString message;
    QJsonValue invalidValue;
};

// An error that crosses a module boundary: a kind that maps onto an HTTP status,
// a message a user can act on, and (for bad input) the list of field errors.
struct Error
{
    enum class Kind { Invalid, NotFound, Conflict, Forbidden, Unauthorized, Unavailable, TooLarge, Internal };
    Kind kind = Kind::Internal;
    QString message;
    QList<FieldError> fieldErrors;

    static Error invalid(QString msg, QList<FieldError> fields = {}) { return {Kind::Invalid, std::move(msg), std::move(fields)}; }
    static Error notFound(QString msg) { return {Kind::NotFound, std::move(msg), {}}; }
    static Error conflict(QString msg) { return {Kind::Conflict, std::move(msg), {}}; }
    static Error forbidden(QString msg) { return {Kind::Forbidden, std::move(msg), {}}; }
    static Error unauthorized(QString msg) { return {Kind::Unauthorized, std::move(msg), {}}; }
    static Error unavailable(QString msg) { return {Kind::Unavailable, std::move(msg), {}}; }
    static Error internal(QString msg) { return {Kind::Internal, std::move(msg), {}}; }

    int httpStatus() const
    {
        switch (kind) {
        case Kind::Invalid: return 400;
        case Kind::Unauthorized: return 401;
        case Kind::Forbidden: return 403;
        case Kind::NotFound: return 404;
        case Kind::Conflict: return 409;
        case Kind::TooLarge: return 413;
        case Kind::Unavailable: return 503;
        case Kind::Internal: return 500;
        }
        return 500;
    }
};

// Result<T>: a value or an Error (std::expected is C++23; we target C++20).
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_v); }
    T &value() & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    // On a success there is no error: an empty Internal one is returned rather than undefined
    // behaviour (callers should check ok() first).
    const Error &error() const
    {
        static const Error none;
        return m_error ? *m_error : none;
    }

private:
    std::optional<Error> m_error;
};

} // namespace orrery
