using AutoDmGuard.Web.Data;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// This app instance's name in PollState leases. Unless <see cref="PollingOptions.InstanceId"/> names it, the id is kept
/// in the data folder (file <c>instance-id</c>), so a process restarted after a crash takes its own leases back at once
/// instead of waiting for them to expire. The file stays open and locked while the process lives: a second process on
/// the same data folder cannot lock it and gets an id of its own, so two live processes never share a lease.
/// </summary>
internal sealed class PollingInstance : IDisposable
{
    public const string FileName = "instance-id";
    private const int MaxLength = 100;

    private readonly FileStream? _lock;

    public PollingInstance(IOptions<PollingOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Value.InstanceId))
        {
            Id = Truncate(options.Value.InstanceId);
            return;
        }

        (Id, _lock) = Claim(DataRegistration.ResolveDataDirectory(configuration, environment));
    }

    private PollingInstance(string id, FileStream? fileLock)
    {
        Id = id;
        _lock = fileLock;
    }

    public string Id { get; }

    /// <summary>The data folder's instance (a fresh one when another live process holds the folder's id).</summary>
    public static PollingInstance FromDataFolder(string dataDirectory)
    {
        var (id, fileLock) = Claim(dataDirectory);
        return new PollingInstance(id, fileLock);
    }

    public void Dispose() => _lock?.Dispose();

    private static (string Id, FileStream? Lock) Claim(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; the OS drops it when the process dies.
            stream = new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return (NewId(perProcess: true), null);
        }

        DataFolderPermissions.RestrictFile(stream.Name);
        using var reader = new StreamReader(stream, leaveOpen: true);
        var stored = reader.ReadToEnd().Trim();
        if (stored.Length is > 0 and <= MaxLength)
        {
            return (stored, stream);
        }

        var id = NewId(perProcess: false);
        stream.SetLength(0);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            writer.Write(id);
        }

        stream.Flush(flushToDisk: true);
        return (id, stream);
    }

    private static string NewId(bool perProcess) => Truncate(perProcess
        ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"
        : $"{Environment.MachineName}:{Guid.NewGuid():N}");

    private static string Truncate(string value) => value.Length <= MaxLength ? value : value[..MaxLength];
}
