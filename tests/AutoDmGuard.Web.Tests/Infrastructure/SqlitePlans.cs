using System.Text.RegularExpressions;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>SQLite's plan for a logged statement (see <see cref="CommandLog"/>): which index each step reads.</summary>
public static partial class SqlitePlans
{
    /// <summary>The detail column of <c>EXPLAIN QUERY PLAN</c> for <paramref name="sql"/>, its parameters bound to NULL.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(AppDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in Parameter().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();
}
