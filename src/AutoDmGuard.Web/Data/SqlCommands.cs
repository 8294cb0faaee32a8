using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutoDmGuard.Web.Data;

/// <summary>The plumbing of the few hand-written, prepared statements (see <see cref="SqlNames"/> for their names).</summary>
internal static class SqlCommands
{
    /// <summary>The context's open connection and transaction (the caller began it, so page and cursor commit together).</summary>
    internal static (DbConnection Connection, DbTransaction Transaction) Current(AppDbContext db) =>
        (db.Database.GetDbConnection(),
         db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Begin a transaction before writing a page."));

    internal static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
