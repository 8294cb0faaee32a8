using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Upserts the X users a response included (DM senders, followed accounts) into the account's KnownUser rows, inside the
/// caller's transaction. A DM include may carry fewer fields than a profile read: fields X left out keep what we knew.
/// </summary>
internal static class KnownUserStore
{
    public static async Task UpsertAsync(AppDbContext db, string accountId, IReadOnlyList<XUser> users, DateTime now, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }

        var (connection, transaction) = SqlCommands.Current(db);
        var n = SqlNames.For<KnownUser>(db);
        string C(string property) => "\"" + n.Column(property) + "\"";
        // The stored row's value, qualified: PostgreSQL finds a bare column name ambiguous next to "excluded".
        string Existing(string property) => "\"" + n.Table + "\"." + C(property);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO "{n.Table}" ({C(nameof(KnownUser.AccountId))}, {C(nameof(KnownUser.UserId))}, {C(nameof(KnownUser.Username))},
                {C(nameof(KnownUser.Name))}, {C(nameof(KnownUser.Description))}, {C(nameof(KnownUser.ProfileImageUrl))},
                {C(nameof(KnownUser.CreatedAt))}, {C(nameof(KnownUser.Verified))}, {C(nameof(KnownUser.Protected))},
                {C(nameof(KnownUser.FollowersCount))}, {C(nameof(KnownUser.FollowingCount))}, {C(nameof(KnownUser.UpdatedAt))})
            VALUES (@account, @user, @username, @name, @description, @image, @created, COALESCE(@verified, FALSE), COALESCE(@protected, FALSE),
                @followers, @following, @now)
            ON CONFLICT ({C(nameof(KnownUser.AccountId))}, {C(nameof(KnownUser.UserId))}) DO UPDATE SET
                {C(nameof(KnownUser.Username))} = excluded.{C(nameof(KnownUser.Username))},
                {C(nameof(KnownUser.Name))} = COALESCE(@name, {Existing(nameof(KnownUser.Name))}),
                {C(nameof(KnownUser.Description))} = COALESCE(@description, {Existing(nameof(KnownUser.Description))}),
                {C(nameof(KnownUser.ProfileImageUrl))} = COALESCE(@image, {Existing(nameof(KnownUser.ProfileImageUrl))}),
                {C(nameof(KnownUser.CreatedAt))} = COALESCE(@created, {Existing(nameof(KnownUser.CreatedAt))}),
                {C(nameof(KnownUser.Verified))} = COALESCE(@verified, {Existing(nameof(KnownUser.Verified))}),
                {C(nameof(KnownUser.Protected))} = COALESCE(@protected, {Existing(nameof(KnownUser.Protected))}),
                {C(nameof(KnownUser.FollowersCount))} = COALESCE(@followers, {Existing(nameof(KnownUser.FollowersCount))}),
                {C(nameof(KnownUser.FollowingCount))} = COALESCE(@following, {Existing(nameof(KnownUser.FollowingCount))}),
                {C(nameof(KnownUser.UpdatedAt))} = @now
            """);
        var account = SqlCommands.AddParameter(command, "@account");
        var user = SqlCommands.AddParameter(command, "@user");
        var username = SqlCommands.AddParameter(command, "@username");
        var name = SqlCommands.AddParameter(command, "@name");
        var description = SqlCommands.AddParameter(command, "@description");
        var image = SqlCommands.AddParameter(command, "@image");
        var created = SqlCommands.AddParameter(command, "@created");
        var verified = SqlCommands.AddParameter(command, "@verified");
        var isProtected = SqlCommands.AddParameter(command, "@protected");
        var followers = SqlCommands.AddParameter(command, "@followers");
        var following = SqlCommands.AddParameter(command, "@following");
        var at = SqlCommands.AddParameter(command, "@now");
        account.Value = accountId;
        at.Value = now;
        foreach (var u in users)
        {
            if (string.IsNullOrEmpty(u.Id) || string.IsNullOrEmpty(u.Username))
            {
                continue;
            }

            user.Value = u.Id;
            username.Value = Clip(u.Username, 50);
            name.Value = (object?)Clip(u.Name, 100) ?? DBNull.Value;
            description.Value = (object?)Clip(u.Description, 1000) ?? DBNull.Value;
            image.Value = (object?)Clip(u.ProfileImageUrl, 500) ?? DBNull.Value;
            created.Value = (object?)u.CreatedAt?.UtcDateTime ?? DBNull.Value;
            verified.Value = (object?)u.Verified ?? DBNull.Value;
            isProtected.Value = (object?)u.Protected ?? DBNull.Value;
            followers.Value = (object?)u.PublicMetrics?.FollowersCount ?? DBNull.Value;
            following.Value = (object?)u.PublicMetrics?.FollowingCount ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}
