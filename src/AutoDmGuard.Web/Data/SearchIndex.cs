using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// The full-text index behind the dashboard's search: SQLite FTS5 tables with the trigram tokenizer, <c>DmTextSearch</c>
/// (DM texts) and <c>UserSearch</c> (handles and names), created by the <c>DashboardAggregatesAndSearch</c> migration
/// and kept in step with DmEvents, KnownUsers and Accounts by triggers (insert, update, delete, "Delete my data").
/// </summary>
public static class SearchIndex
{
    /// <summary>Trigrams: shorter terms have none, and FTS5 then matches nothing.</summary>
    public const int MinimumLength = 3;

    /// <summary>True when the index can answer <paramref name="term"/>: SQLite, and at least three characters.</summary>
    public static bool CanSeek(AppDbContext db, string term)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(term);
        return db.Database.IsSqlite() && term.EnumerateRunes().Count() >= MinimumLength;
    }

    /// <summary>The term as one FTS5 string (double quotes doubled): every character in it is plain text, no operators.</summary>
    public static string Phrase(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return new StringBuilder(term.Length + 2).Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
