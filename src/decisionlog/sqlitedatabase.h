#pragma once
// The decision log's SQLite backend, in the spirit of LibrePCB's SQLiteDatabase: foreign keys, a
// busy timeout, WAL journaling once the caller knows the file is its own, BEGIN IMMEDIATE for
// writes, and errors thrown as DatabaseError naming the file. A log opened ReadOnly is opened
// with SQLITE_OPEN_READONLY, so listing and verifying work on a file this user may not write.
#include "sqldatabase.h"

namespace gr {

class SqliteDatabase : public SqlDatabase
{
public:
    // Opens (creating when missing, unless ReadOnly) the database at `path`. Throws DatabaseError
    // naming the file when it cannot be opened or is not a SQLite database.
    explicit SqliteDatabase(const QString &path, Access access = Access::ReadWrite);

    // Switches the file to WAL with synchronous=FULL. Persistent in the file, so callers do it
    // only after checking the file is theirs.
    void useWriteAheadLog();

    // BEGIN IMMEDIATE: takes the write lock up front, so two writers wait for each other (up to
    // the busy timeout) instead of failing half-way.
    void begin() override;

protected:
    DatabaseError translate(const QSqlError &error) const override;

private:
    void open(const QString &options);
};

} // namespace gr
