using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutoDmGuard.Web.Data.Sqlite;

/// <summary>
/// The per-connection pragmas every SQLite connection of the app runs with:
/// <list type="bullet">
/// <item>synchronous=NORMAL: the database runs in WAL mode, where NORMAL never corrupts and never loses a commit to a
/// process crash (kill -9); only an OS crash or power cut can drop the last commits, which the worker then reads again
/// from X. FULL would fsync every backfill page (~100 ms each on this disk).</item>
/// <item>secure_delete=ON: deleted cells, freed pages and the space a page rebalance leaves behind are zeroed. Turning it
/// on only for "Delete my data" is not enough: rebalances during earlier inserts leave stale copies of rows (DM texts)
/// in unallocated page space that no later delete touches.</item>
/// </list>
/// </summary>
internal sealed class SqlitePragmasInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
