using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AutoDmGuard.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// The Data Protection key ring (it encrypts the stored X tokens, the session cookie, antiforgery and the correlation
/// cookie) lives in the database, so every app instance on it reads what another protected. Each key's secret is
/// encrypted with a certificate before it is stored: a copy of the database alone decrypts nothing. Every instance
/// needs that same certificate (docs/operations.md, Several instances): <c>Accounts:KeyEncryptionCertificate</c>, else
/// a self-signed one made once in the keys folder, the way the data folder keeps its other secrets (600).
/// </summary>
public static partial class KeyRing
{
    public const string CertificateFileName = "key-encryption.pfx";

    /// <summary>Data Protection's own namespace for the key XML (the attribute marking a secret, the element replacing it).</summary>
    private static readonly XNamespace DataProtectionXml = "http://schemas.asp.net/2015/03/dataProtection";

    /// <summary>Registers Data Protection with its keys in <see cref="AppDbContext"/>, encrypted with the key-encryption certificate.</summary>
    public static void AddDatabaseKeyRing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var keysDirectory = KeysDirectory(configuration, environment);
        var configured = configuration[$"{AccountsOptions.Section}:{nameof(AccountsOptions.KeyEncryptionCertificate)}"];
        var certificate = configured is { Length: > 0 }
            ? LoadConfigured(Path.GetFullPath(configured, environment.ContentRootPath),
                configuration[$"{AccountsOptions.Section}:{nameof(AccountsOptions.KeyEncryptionCertificatePassword)}"])
            : LoadOrCreateGenerated(keysDirectory);
        services.AddSingleton(new KeyRingFiles(keysDirectory));
        services.AddDataProtection()
            .SetApplicationName("AutoDmGuard")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(certificate);
    }

    /// <summary>The keys folder: <c>Accounts:KeysDirectory</c>, else "keys" in the data folder.</summary>
    public static string KeysDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        return configuration[$"{AccountsOptions.Section}:{nameof(AccountsOptions.KeysDirectory)}"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(DataRegistration.ResolveDataDirectory(configuration, environment), "keys");
    }

    private static X509Certificate2 LoadConfigured(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Accounts:KeyEncryptionCertificate names {path}, which does not exist.");
        }

        return WithPrivateKey(X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet), path);
    }

    /// <summary>
    /// The self-signed certificate in the keys folder, made on first start. Written under a temporary name and moved
    /// into place without overwriting, so two processes starting on one folder end up with the same certificate.
    /// </summary>
    private static X509Certificate2 LoadOrCreateGenerated(string keysDirectory)
    {
        Directory.CreateDirectory(keysDirectory);
        DataFolderPermissions.Restrict(keysDirectory);
        var path = Path.Combine(keysDirectory, CertificateFileName);
        if (!File.Exists(path))
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, CreateSelfSigned());
            DataFolderPermissions.RestrictFile(temporary);
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process on this folder was first: use its certificate.
                File.Delete(temporary);
            }
        }

        DataFolderPermissions.RestrictFile(path);
        return WithPrivateKey(X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet), path);
    }

    /// <summary>A PKCS#12 file without password: it is protected as the SQLite file next to it is, by the folder's 700 and its own 600.</summary>
    private static byte[] CreateSelfSigned()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=AutoDmGuard key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        // Data Protection does not check the validity period when it encrypts or decrypts; a long one avoids a date to watch.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    private static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, string path)
    {
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"The key-encryption certificate {path} has no private key: the key ring could not be decrypted.");
        }

        return certificate;
    }

    /// <summary>
    /// Imports the key files an older version kept in the keys folder (key-*.xml, revocation-*.xml) into the database,
    /// encrypting their secrets as new keys are, so existing sessions and stored tokens stay readable. Files whose name
    /// is already in the database are skipped: this runs at every start and imports each file once. Call it after
    /// the migration and before anything protects or unprotects (the key ring is read on first use and then cached).
    /// </summary>
    public static Task ImportKeyFilesAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return ImportKeyFilesAsync(app.Services, cancellationToken);
    }

    /// <inheritdoc cref="ImportKeyFilesAsync(WebApplication, CancellationToken)"/>
    public static async Task ImportKeyFilesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var folder = services.GetRequiredService<KeyRingFiles>().Directory;
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.xml").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            return;
        }

        var encryptor = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor
            ?? throw new InvalidOperationException("The key ring has no XML encryptor: keys would be stored in plain text.");
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRing));
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var imported = 0;
            foreach (var file in files)
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (stored.Contains(name))
                {
                    continue;
                }

                var element = XElement.Load(file);
                db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = EncryptSecrets(element, encryptor).ToString(SaveOptions.DisableFormatting) });
                imported++;
            }

            if (imported == 0)
            {
                return;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogImported(logger, imported, folder);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance sharing this keys folder imported them at the same time (the names are unique): look again.
            }
        }
    }

    /// <summary>
    /// Reads the key ring now, making its first key if the database has none, rather than on the first request: every
    /// later instance then reads that key at its own start. The read runs under a lock all instances on the database
    /// share (on PostgreSQL a session advisory lock; on SQLite, whose instances share the database file's folder, an
    /// exclusive lock on a file beside it), so instances starting together on an empty ring make one first key between
    /// them (the second waits, then reads the first's). Without it each could make a key of its own and refuse the
    /// other's cookies until its daily refresh (Data Protection reloads the ring for an unknown key only in its first
    /// 2 minutes).
    /// </summary>
    public static async Task LoadKeyRingAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.Database.IsNpgsql())
        {
            using (await LockFileBesideAsync(db.Database.GetDbConnection().DataSource, cancellationToken))
            {
                ReadKeyRing(app.Services);
            }

            return;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({FirstKeyLockKey})", cancellationToken);
            try
            {
                ReadKeyRing(app.Services);
            }
            finally
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({FirstKeyLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private const long FirstKeyLockKey = 0x41_75_74_6F_44_6D_4B_31; // "AutoDmK1"

    /// <summary>
    /// An exclusive lock on <c>&lt;database file&gt;.first-key.lock</c> (.NET takes FileShare.None as flock, which other
    /// processes and other opens in this one respect); null for an in-memory database, which no other instance shares.
    /// </summary>
    internal static async Task<IDisposable?> LockFileBesideAsync(string databaseFile, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(databaseFile) || databaseFile == ":memory:")
        {
            return null;
        }

        var path = Path.GetFullPath(databaseFile) + ".first-key.lock";
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance is reading (or making) the first key: wait for it, then read what it made.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    private static void ReadKeyRing(IServiceProvider services) =>
        _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(typeof(KeyRing).FullName!).Protect([]);

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces each element marked requiresEncryption="true" (a key's master key) by its encrypted form, as Data
    /// Protection's key manager does for the keys it creates (an encryptedSecret element naming the decryptor).
    /// </summary>
    internal static XElement EncryptSecrets(XElement key, IXmlEncryptor encryptor)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(encryptor);
        var document = new XDocument(new XElement(key));
        while (document.Descendants().FirstOrDefault(e => (bool?)e.Attribute(DataProtectionXml + "requiresEncryption") == true) is { } secret)
        {
            var copy = new XElement(secret);
            _ = new XDocument(copy);
            var encrypted = encryptor.Encrypt(copy);
            secret.ReplaceWith(new XElement(DataProtectionXml + "encryptedSecret",
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }

        return document.Root!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} Data Protection key file(s) from {Folder} into the database; the files can be deleted once no older version uses them.")]
    private static partial void LogImported(ILogger logger, int count, string folder);
}

/// <summary>Where the key files of an older version are read from (the keys folder).</summary>
public sealed record KeyRingFiles(string Directory);
