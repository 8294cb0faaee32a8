using System.Data.Common;
using System.Globalization;
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

    /// <summary>
    /// One prepared <c>INSERT</c> of <typeparamref name="T"/>'s <paramref name="properties"/> (a parameter per property,
    /// named after it) in the caller's transaction, for writing many rows at the cost of a statement each rather than a
    /// tracked entity each; <paramref name="suffix"/> ends the statement (e.g. <c>ON CONFLICT DO NOTHING</c>).
    /// </summary>
    internal static PreparedInsert PrepareInsert<T>(AppDbContext db, string[] properties, string suffix = "")
    {
        var (connection, transaction) = Current(db);
        var table = SqlNames.For<T>(db);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO "{table.Table}" ({string.Join(", ", properties.Select(p => $"\"{table.Column(p)}\""))})
            VALUES ({string.Join(", ", properties.Select(p => "@" + p))})
            {suffix}
            """);
        return new PreparedInsert(command, properties.ToDictionary(p => p, p => AddParameter(command, "@" + p), StringComparer.Ordinal));
    }

    internal static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

/// <summary>A prepared INSERT (<see cref="SqlCommands.PrepareInsert"/>): set each property's value, then execute; once per row.</summary>
internal sealed class PreparedInsert(DbCommand command, Dictionary<string, DbParameter> parameters) : IAsyncDisposable
{
    /// <summary>The value of <paramref name="property"/> for the next row (null is written as SQL NULL).</summary>
    public object? this[string property]
    {
        set => parameters[property].Value = value ?? DBNull.Value;
    }

    /// <summary>Inserts the row: 1 when it was added, 0 when the statement's conflict clause skipped it.</summary>
    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => command.ExecuteNonQueryAsync(cancellationToken);

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
