#include "store/RowChecksum.h"

#include "store/SqlBackend.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

namespace {

QByteArray tagged(char tag, const QByteArray &bytes)
{
    return tag + QByteArray::number(bytes.size()) + ':' + bytes;
}

// A JSON text as one canonical line; empty if it is not exactly one JSON value.
QByteArray compactJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text.toUtf8() + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return {};
    return QJsonDocument(doc.array()).toJson(QJsonDocument::Compact);
}

} // namespace

RowChecksum::RowChecksum(QList<ColumnKind> kinds, const SqlBackend *target) : m_kinds(std::move(kinds)), m_target(target) {}

QByteArray RowChecksum::canonical(const QVariant &value, ColumnKind kind, const SqlBackend *target)
{
    if (value.isNull())
        return QByteArrayLiteral("n");
    switch (value.typeId()) {
    case QMetaType::QString: {
        QString text = value.toString();
        if (target && target->adaptsText())
            target->adaptText(text, kind == ColumnKind::Json);
        if (kind == ColumnKind::Json) {
            if (const QByteArray json = compactJson(text); !json.isEmpty())
                return tagged('j', json);
        }
        return tagged('s', text.toUtf8());
    }
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return tagged('i', QByteArray::number(value.toLongLong()));
    case QMetaType::ULongLong:
        return tagged('i', QByteArray::number(value.toULongLong()));
    case QMetaType::Double:
    case QMetaType::Float:
        return tagged('r', QByteArray::number(value.toDouble(), 'g', 17));
    case QMetaType::QByteArray:
        return tagged('b', value.toByteArray());
    default:
        return tagged('s', value.toString().toUtf8());
    }
}

void RowChecksum::add(const QVariantList &row)
{
    for (qsizetype i = 0; i < row.size(); ++i)
        m_hash.addData(canonical(row.at(i), m_kinds.value(i, ColumnKind::Text), m_target));
    m_hash.addData(QByteArrayView("\n"));
    ++m_rows;
}

QByteArray RowChecksum::hex()
{
    return m_hash.result().toHex();
}

} // namespace orrery
