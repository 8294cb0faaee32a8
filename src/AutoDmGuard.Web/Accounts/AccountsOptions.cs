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

    /// <summary>
    /// Folder of the generated key-encryption certificate (when <see cref="KeyEncryptionCertificate"/> is not set) and
    /// of the key files an older version kept here, imported into the database at start; null means "keys" inside
    /// <c>Data:Directory</c>. The key ring itself is in the database (Accounts/KeyRing.cs).
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>
    /// A PKCS#12 file (.pfx) with private key that encrypts the key ring in the database. Every instance on one database
    /// needs the same one; null: a self-signed one made once at <c>&lt;KeysDirectory&gt;/key-encryption.pfx</c>.
    /// </summary>
    public string? KeyEncryptionCertificate { get; set; }

    /// <summary>The password of <see cref="KeyEncryptionCertificate"/> (a secret: environment or user secrets, never the command line).</summary>
    public string? KeyEncryptionCertificatePassword { get; set; }
}
