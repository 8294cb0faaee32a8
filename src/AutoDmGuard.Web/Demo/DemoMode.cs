namespace AutoDmGuard.Web.Demo;

/// <summary>Whether the app talks to a sandbox instead of real X (pages show a banner linking to its control page).</summary>
public sealed record DemoMode(Uri? SandboxBaseAddress)
{
    public static readonly DemoMode Off = new((Uri?)null);

    public bool Enabled => SandboxBaseAddress is not null;

    /// <summary>The built-in sandbox's persisted world; null for real X, an external sandbox or a mailbox dump.</summary>
    public DemoWorld? World { get; init; }

    public Uri? ControlPage => SandboxBaseAddress is null ? null : new Uri(SandboxBaseAddress, "_sandbox");
}
