namespace AutoDmGuard.Web.Data;

/// <summary>
/// Finding a row by an X handle: handles are case-insensitive at X and ASCII, so both sides are compared in upper case,
/// which SQLite and PostgreSQL translate to the same upper() (no collation of either engine is relied on).
/// </summary>
internal static class HandleQueries
{
    /// <summary>The handle as the queries compare it: without a leading @, upper case.</summary>
    public static string Key(string handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.TrimStart('@').ToUpperInvariant();
    }

#pragma warning disable CA1304, CA1311, CA1862 // Translated to upper() and run by the database: no .NET culture or StringComparison applies.
    /// <summary>The account's known user with this handle (<paramref name="key"/> from <see cref="Key"/>).</summary>
    public static IQueryable<KnownUser> WithHandle(this IQueryable<KnownUser> users, string accountId, string key) =>
        users.Where(u => u.AccountId == accountId && u.Username.ToUpper() == key);

    /// <summary>The account's allowlist entry for this handle (<paramref name="key"/> from <see cref="Key"/>).</summary>
    public static IQueryable<AllowlistEntry> WithHandle(this IQueryable<AllowlistEntry> entries, string accountId, string key) =>
        entries.Where(e => e.AccountId == accountId && e.Username.ToUpper() == key);
#pragma warning restore CA1304, CA1311, CA1862
}
