using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>
/// Makes every EF Core write fail the way SQLite fails on a full disk (error 13, SQLITE_FULL) while <see cref="DiskFull"/>
/// is set; reads still work, as they do on a full disk. Register with
/// <c>services.ConfigureDbContext&lt;AppDbContext&gt;(o =&gt; o.AddInterceptors(faults))</c>.
/// </summary>
public sealed class SqliteFaults : DbCommandInterceptor
{
    public const int SqliteFull = 13;

    private volatile bool _diskFull;
    private int _refused;

    public bool DiskFull
    {
        get => _diskFull;
        set => _diskFull = value;
    }

    /// <summary>Writes refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return base.NonQueryExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    private void Check(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sql = command.CommandText.TrimStart();
        var write = !sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !sql.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);
        if (DiskFull && write)
        {
            Interlocked.Increment(ref _refused);
            throw new SqliteException("SQLite Error 13: 'database or disk is full'.", SqliteFull);
        }
    }
}
