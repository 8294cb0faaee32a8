using System.ComponentModel.DataAnnotations;

namespace AutoDmGuard.Web.Accounts;

public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>An access token is refreshed once it expires within this window (X's tokens live 2 hours).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the sign-in cookie lasts (sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Folder of the Data Protection key ring; null means "keys" inside <c>Data:Directory</c>.</summary>
    public string? KeysDirectory { get; set; }
}
