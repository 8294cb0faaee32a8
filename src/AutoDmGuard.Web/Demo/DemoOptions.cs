namespace AutoDmGuard.Web.Demo;

/// <summary>The "Sandbox" section: how demo mode runs (only read when X:ClientId is unset, or BaseAddress is set).</summary>
public sealed class DemoOptions
{
    public const string Section = "Sandbox";

    /// <summary>Start the built-in sandbox when X:ClientId is unset; false makes a missing X:ClientId a startup error.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An already running sandbox (tests, or the sandbox project started on its own): the app points X at it and uses
    /// X:ClientId/X:ClientSecret as registered there, and starts none of its own.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Demo mode serves fake data through an unauthenticated emulator: in the Production environment it only starts when
    /// this is true (a deployment that forgot X:ClientId fails to start instead of quietly running the demo).
    /// </summary>
    public bool AllowInProduction { get; set; }

    /// <summary>Where the built-in sandbox listens (loopback only; the sandbox refuses other addresses); port 0 picks a free one.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>A FORMAT.md mailbox dump to serve instead of the synthetic demo world.</summary>
    public string? DumpPath { get; set; }

    /// <summary>
    /// Start over, once: delete the persisted demo world (<see cref="DemoWorld.FileName"/> in the data folder) and the
    /// demo accounts' data in the database, then generate a new world. Give it on the command line, not in a settings file.
    /// </summary>
    public bool Reset { get; set; }

    public int Seed { get; set; } = 20261126;

    public int? DemoDmCount { get; set; }

    public int? DemoSenderCount { get; set; }
}
