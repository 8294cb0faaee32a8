using System.Globalization;

namespace AutoDmGuard.Cli;

/// <summary>`synth &lt;count&gt; &lt;out.json&gt;`: writes a synthetic dump with that many received DMs (speed runs).</summary>
internal static class SynthCommand
{
    public static int Run(string[] args, TextWriter stderr)
    {
        if (args.Length != 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return CliApp.UsageError(stderr, "synth takes a positive DM count and an output file");
        }

        var dump = SyntheticInbox.Generate(count, seed: 42);
        try
        {
            using var file = File.Create(args[1]);
            SyntheticInbox.Write(dump, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write {args[1]}: {ex.Message}");
            return CliApp.Error;
        }

        return CliApp.Ok;
    }
}
