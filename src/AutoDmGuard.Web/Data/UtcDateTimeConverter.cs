using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// Stores UTC and marks values read back as UTC. An Unspecified value is UTC by the app's rule (every timestamp is UTC)
/// and is said so on the way in too: PostgreSQL's timestamptz refuses a DateTime of unknown kind.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => FromStore(v))
{
    /// <summary>A time as read back from the database (SQLite's text has no kind): UTC. Also for SQL run outside EF.</summary>
    public static DateTime FromStore(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);
}
