using System.Net;
using System.Text;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Data;

// File modes are a Unix matter; the permissions test returns early on Windows.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataAtRestTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Data_folder_is_700_and_every_file_in_it_600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string? leftOver = null;
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            // A file an older version left readable by everyone.
            Directory.CreateDirectory(f.DataDirectory);
            leftOver = Path.Combine(f.DataDirectory, "old-backup.db");
            File.WriteAllText(leftOver, "x");
            File.SetUnixFileMode(leftOver, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        });
        using var user = await app.SignInAsync();
        await app.RunPassAsync();

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(app.DataDirectory));
        var files = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(app.DatabasePath, files);
        Assert.Contains(app.DatabasePath + "-wal", files);
        Assert.Contains(app.DatabasePath + "-shm", files);
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}keys{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Contains(leftOver!, files);
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == OwnerOnlyFile, $"{f} is {File.GetUnixFileMode(f)}"));
        Assert.All(Directory.GetDirectories(app.DataDirectory, "*", SearchOption.AllDirectories),
            d => Assert.True(File.GetUnixFileMode(d) == OwnerOnlyFolder, $"{d} is {File.GetUnixFileMode(d)}"));
    }

    [Fact]
    public async Task Delete_my_data_leaves_no_dm_text_in_the_database_file_or_wal()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var texts = await app.WithDbAsync(db => db.DmEvents.Where(e => e.AccountId == user.AccountId && e.Text != null && e.Text.Length >= 24)
            .Select(e => e.Text!).ToListAsync());
        Assert.NotEmpty(texts);
        Assert.Contains(texts, t => FilesContain(app, t));

        using (var deleted = await user.Client.PostFormAsync("/Account?handler=Delete", [new("Input.Confirm", "true")], tokenFrom: "/Account"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.DoesNotContain(texts, t => FilesContain(app, t));
    }

    /// <summary>Whether the raw bytes of the database, its WAL or its shared-memory file hold <paramref name="text"/> (UTF-8).</summary>
    private static bool FilesContain(AppFactory app, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var path in new[] { app.DatabasePath, app.DatabasePath + "-wal", app.DatabasePath + "-shm" })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
