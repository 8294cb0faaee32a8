using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoDmGuard.Cli;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// <c>shapes [--shapes mixed,everyday,...] [--sizes 25000,50000,100000,200000] [--seed 42]</c>: `classify` end to end
/// on every `synth --shape` inbox at every size. Each run is a fresh child process (this program's
/// <c>shapes-child</c> mode, with the CLI's runtime settings) so its user CPU and peak RSS are its own; prints DMs/s,
/// wall, user CPU, peak RSS, the load average, and the cost ratio of each size to the next smaller one.
/// </summary>
internal static class ShapeBenchmarks
{
    private static readonly string[] AllShapes = ["default", "mixed", "everyday", "templates", "identical", "long-unique"];

    public static int Run(string[] args)
    {
        var shapes = ListArg(args, "--shapes", AllShapes);
        var sizes = ListArg(args, "--sizes", ["25000", "50000", "100000", "200000"]).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var seed = int.Parse(ListArg(args, "--seed", ["42"])[0], CultureInfo.InvariantCulture);
        var dir = Directory.CreateTempSubdirectory("autodmguard-shapes-").FullName;
        try
        {
            Console.WriteLine("| shape | DMs | DMs/s (wall) | wall | user CPU | user CPU / previous size's | peak RSS | load (1 min) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var name in shapes)
            {
                if (!SynthCommand.TryParseShape(name, out var shape))
                {
                    Console.Error.WriteLine($"unknown shape {name}");
                    return 2;
                }

                double? previousUser = null;
                var previousSize = 0;
                foreach (var size in sizes)
                {
                    var dump = Path.Combine(dir, $"{name}-{size}.json");
                    using (var file = File.Create(dump))
                    {
                        SyntheticInbox.Write(SyntheticInbox.Generate(size, seed, shape), file);
                    }

                    var load = LoadAverage();
                    var (wall, user, peakMb) = RunChild(dump);
                    var ratio = previousUser is { } p
                        ? string.Create(CultureInfo.InvariantCulture, $"{user / p:F2} (×{size / (double)previousSize:0.#} DMs)")
                        : "";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {size:N0} | {size / wall:N0} | {wall:F2} s | {user:F2} s | {ratio} | {peakMb:F0} MB | {load} |"));
                    previousUser = user;
                    previousSize = size;
                    File.Delete(dump);
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The child: `classify` through the CLI's own entry point, output discarded; prints its user CPU and peak RSS.</summary>
    public static int ChildMain(string[] args)
    {
        using var stdout = new StreamWriter(Stream.Null, new UTF8Encoding(false));
        var code = CliApp.Run(["classify", args[0]], stdout, Console.Error);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{code} {self.UserProcessorTime.TotalSeconds:F3} {self.PeakWorkingSet64 / 1048576.0:F1}"));
        return code;
    }

    private static (double Wall, double User, double PeakMb) RunChild(string dump)
    {
        // The CLI's runtime settings (src/AutoDmGuard.Cli/AutoDmGuard.Cli.csproj: compilation, GC), not this project's:
        // its runtimeconfig file is copied beside this program as the CLI is a referenced project.
        var bench = typeof(ShapeBenchmarks).Assembly.Location;
        var cliSettings = Path.Combine(Path.GetDirectoryName(bench)!, "autodmguard.runtimeconfig.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", "--runtimeconfig", cliSettings, bench, "shapes-child", dump])
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child");
        var line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        var parts = line.Split(' ');
        if (process.ExitCode != 0 || parts.Length != 3 || parts[0] != "0")
        {
            throw new InvalidOperationException($"classify {dump} failed: exit {process.ExitCode}, \"{line}\"");
        }

        return (wall, double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static string[] ListArg(string[] args, string name, string[] fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries) : fallback;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
