using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>This app instance's name in PollState leases (unique per process: two processes on one host differ).</summary>
internal sealed class PollingInstance(IOptions<PollingOptions> options)
{
    private const int MaxLength = 100;

    public string Id { get; } = Truncate(string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"
        : options.Value.InstanceId);

    private static string Truncate(string value) => value.Length <= MaxLength ? value : value[..MaxLength];
}
