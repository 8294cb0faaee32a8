using System.Globalization;

namespace AutoDmGuard.Cli;

/// <summary>
/// `synth [--shape mixed|everyday|templates|identical|long-unique] [--seed N] &lt;count&gt; &lt;out.json&gt;`: writes a
/// synthetic dump with that many received DMs (speed runs); the same arguments always write the same file.
/// </summary>
internal static class SynthCommand
{
    public const int DefaultSeed = 42;

    public static int Run(string[] args, TextWriter stderr)
    {
        var shape = SynthShape.Default;
        var seed = DefaultSeed;
        var positional = new List<string>(2);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--shape" when i + 1 < args.Length:
                    if (!TryParseShape(args[++i], out shape))
                    {
                        return CliApp.UsageError(stderr, $"unknown shape \"{args[i]}\"; use mixed, everyday, templates, identical or long-unique");
                    }

                    break;
                case "--seed" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                    {
                        return CliApp.UsageError(stderr, $"--seed takes an integer, not \"{args[i]}\"");
                    }

                    break;
                case var a when a.StartsWith("--", StringComparison.Ordinal):
                    return CliApp.UsageError(stderr, $"synth: unknown or incomplete option \"{a}\"");
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (positional.Count != 2 || !int.TryParse(positional[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return CliApp.UsageError(stderr, "synth takes a positive DM count and an output file");
        }

        var dump = SyntheticInbox.Generate(count, seed, shape);
        try
        {
            using var file = File.Create(positional[1]);
            SyntheticInbox.Write(dump, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write {positional[1]}: {ex.Message}");
            return CliApp.Error;
        }

        return CliApp.Ok;
    }

    internal static bool TryParseShape(string name, out SynthShape shape)
    {
        shape = name switch
        {
            "default" => SynthShape.Default,
            "mixed" => SynthShape.Mixed,
            "everyday" => SynthShape.Everyday,
            "templates" => SynthShape.Templates,
            "identical" => SynthShape.Identical,
            "long-unique" => SynthShape.LongUnique,
            _ => (SynthShape)(-1),
        };
        return Enum.IsDefined(shape);
    }
}
