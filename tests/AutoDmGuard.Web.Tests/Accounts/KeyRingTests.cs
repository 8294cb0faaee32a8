using System.Net;
using System.Xml.Linq;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Accounts;

/// <summary>
/// The Data Protection key ring in the database (Accounts/KeyRing.cs): what one instance protected (the session
/// cookie, a stored X token) another instance on the same database reads; the keys are stored encrypted; the key files
/// an older version kept in the keys folder are imported, so their cookies and tokens still decrypt.
/// </summary>
public sealed class KeyRingTests
{
    private static readonly XNamespace DataProtectionXml = "http://schemas.asp.net/2015/03/dataProtection";

    [Fact]
    public async Task A_session_cookie_and_a_token_protected_by_one_instance_are_read_by_another_on_the_same_database()
    {
        await using var a = await AppFactory.StartAsync();
        await using var b = await a.StartSecondInstanceAsync();
        var account = a.Sandbox.SignableAccounts[0];
        var browser = new CookieContainer();

        using var onA = a.CreateBrowserClient(browser);
        using (var start = await onA.GetAsync(new Uri("/signin", UriKind.Relative)))
        {
            var callback = await a.DecideOnConsentPageAsync(start.Headers.Location!, account.Username, allow: true);
            using var back = await onA.GetAsync(callback);
            Assert.Equal("/", back.Headers.Location?.OriginalString);
        }

        // The cookie A issued, sent to B: B knows who it is.
        using var onB = b.CreateBrowserClient(browser);
        Assert.Equal("@" + account.Username, HtmlForms.TextOfId(await onB.GetPageAsync("/"), "signed-in-handle"));
        Assert.Equal(account.Id, HtmlForms.AttributeOfId(await onB.GetPageAsync("/"), "main", "data-account-id"));

        // The access token A stored, decrypted by B as its worker would.
        var stored = await a.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == account.Id).Select(t => t.ProtectedAccessToken).SingleAsync());
        var token = b.Services.GetRequiredService<AccountTokenProtector>().Unprotect(account.Id, stored);
        Assert.Equal(token, a.Services.GetRequiredService<AccountTokenProtector>().Unprotect(account.Id, stored));
        Assert.False(string.IsNullOrEmpty(token));

        // And the other way round: one key ring for both.
        var fromB = b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from B");
        Assert.Equal("from B", a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(fromB));
        Assert.Single(await a.WithDbAsync(db => db.DataProtectionKeys.ToListAsync()));
    }

    [Fact]
    public async Task Instances_starting_together_on_an_empty_ring_make_one_first_key_between_them()
    {
        await using var a = await AppFactory.StartAsync();
        await using var b = await a.StartSecondInstanceAsync(); // builds A first: it makes the certificate B and C share
        await using var c = await a.StartSecondInstanceAsync();
        await a.WithDbAsync(db => db.DataProtectionKeys.ExecuteDeleteAsync());
        foreach (var instance in new[] { b, c })
        {
            // Reading the ring takes a while, as on a busy server: both would find it empty and each make a key.
            instance.TestServices = services => services.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = new SlowRepository(o.XmlRepository!));
        }

        // B and C start at the same moment on a ring that is empty again (A's cached ring is not looked at).
        await Task.WhenAll(Task.Run(() => _ = b.Services), Task.Run(() => _ = c.Services));

        Assert.Single(await a.WithDbAsync(db => db.DataProtectionKeys.ToListAsync()));
        var fromB = b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from B");
        Assert.Equal("from B", c.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(fromB));
    }

    /// <summary>
    /// SQLite's first-key lock on its own (the startup race above does not show it in one test process on SQLite: it
    /// passes there without the lock too): a second taker waits while the first holds the lock and gets it once freed.
    /// </summary>
    [Fact]
    public async Task The_SQLite_first_key_lock_beside_the_database_file_is_taken_by_one_instance_at_a_time()
    {
        var folder = Directory.CreateTempSubdirectory("autodmguard-keylock-");
        try
        {
            var database = Path.Combine(folder.FullName, "autodmguard.db");
            var first = await KeyRing.LockFileBesideAsync(database, CancellationToken.None);
            Assert.NotNull(first);
            var second = KeyRing.LockFileBesideAsync(database, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(second.IsCompleted, "A second instance took the first-key lock while the first held it.");

            first.Dispose();
            using var taken = await second.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(taken);
            Assert.True(File.Exists(database + ".first-key.lock"));
            Assert.Null(await KeyRing.LockFileBesideAsync(":memory:", CancellationToken.None));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_keys_in_the_database_are_encrypted_with_the_certificate_and_its_file_is_owner_only()
    {
        await using var app = await AppFactory.StartAsync();
        _ = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("anything");

        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
        var key = XElement.Parse(Assert.Single(keys).Xml!);
        Assert.Equal("key", key.Name.LocalName);
        AssertEncrypted(key);

        var certificate = Path.Combine(app.DataDirectory, "keys", KeyRing.CertificateFileName);
        Assert.True(File.Exists(certificate));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificate));
        }
    }

    [Fact]
    public async Task Key_files_of_an_older_version_are_imported_once_encrypted_and_what_they_protected_still_decrypts()
    {
        // The key ring as an older version kept it: plain XML files in <data>/keys, same application name.
        string? oldToken = null, oldPayload = null;
        FileInfo? keyFile = null;
        await using var app = await AppFactory.StartAsync(f =>
        {
            var keysDirectory = new DirectoryInfo(Path.Combine(f.DataDirectory, "keys"));
            var old = DataProtectionProvider.Create(keysDirectory, b => b.SetApplicationName("AutoDmGuard"));
            oldToken = new AccountTokenProtector(old).Protect("1234", "an access token");
            oldPayload = old.CreateProtector("test").Protect("protected before the upgrade");
            keyFile = Assert.Single(keysDirectory.GetFiles("key-*.xml"));
        });
        Assert.Contains("masterKey", await File.ReadAllTextAsync(keyFile!.FullName), StringComparison.Ordinal);

        Assert.Equal("an access token", app.Services.GetRequiredService<AccountTokenProtector>().Unprotect("1234", oldToken!));
        Assert.Equal("protected before the upgrade", app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(oldPayload!));

        var imported = await app.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
        var key = Assert.Single(imported);
        Assert.Equal(Path.GetFileNameWithoutExtension(keyFile.Name), key.FriendlyName);
        AssertEncrypted(XElement.Parse(key.Xml!));

        // A second instance on the same database imports nothing again (it has no key files), and reads the old payload too;
        // a restart on the same keys folder finds the file's key already there.
        await using var second = await app.StartSecondInstanceAsync();
        Assert.Equal("protected before the upgrade", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(oldPayload!));
        await KeyRing.ImportKeyFilesAsync(app.Services, CancellationToken.None);
        Assert.Single(await second.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync()));
    }

    /// <summary>No master key in clear: its element is replaced by an encryptedSecret holding XML Encryption's EncryptedData.</summary>
    private static void AssertEncrypted(XElement key)
    {
        Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
        Assert.DoesNotContain(key.Descendants(), e => e.Attribute(DataProtectionXml + "requiresEncryption") is not null);
        var secret = Assert.Single(key.Descendants(DataProtectionXml + "encryptedSecret"));
        Assert.Contains("EncryptedXmlDecryptor", secret.Attribute("decryptorType")?.Value, StringComparison.Ordinal);
        Assert.Single(secret.Elements(), e => e.Name.LocalName == "EncryptedData");
    }

    private sealed class SlowRepository(IXmlRepository inner) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
            return inner.GetAllElements();
        }

        public void StoreElement(XElement element, string friendlyName) => inner.StoreElement(element, friendlyName);
    }
}
