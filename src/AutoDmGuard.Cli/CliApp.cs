using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

/// <summary>The `autodmguard` command line: classify a dump, or evaluate against labels.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Error = 2;

    public const string Usage = """
        usage:
          autodmguard classify <dump.json>
              one JSON line per received DM: dm_event_id, sender_id, score, flagged, reasons
          autodmguard eval [--baseline] [--threshold <0..1>] <dump.json> <labels.jsonl>
              precision, recall, F1, confusion table and misses by category
              --baseline  score the keyword-script baseline instead of the classifier
          autodmguard synth [--shape <shape>] [--seed <n>] <count> <out.json>
              write a synthetic dump with <count> received DMs (for speed runs); the same arguments write the same file
              --shape  default | mixed | everyday | templates | identical | long-unique (docs/classifier.md)
          autodmguard crossval [--corpus <dir>] [--folds <k>] [--seed <n>]
              leave-repositories-out evaluation on realistic inboxes built from <dir>/public (default: the
              shared/corpus above the current directory), per category, per language, calibration, dev inbox
          autodmguard train [--corpus <dir>] [--seed <n>] [--out <model.json>]
              fit the model's weights and threshold on all of it (stdout unless --out)
        exit codes: 0 ok, 2 usage error or unusable input (the message names the JSON path)
        """;

    /// <summary>Runs one command; nothing reaches <paramref name="stdout"/> unless the input was read in full.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? Error : Ok;
        }

        try
        {
            return args[0] switch
            {
                "classify" => ClassifyCommand.Run(args[1..], stdout, stderr),
                "eval" => EvalCommand.Run(args[1..], stdout, stderr),
                "synth" => SynthCommand.Run(args[1..], stderr),
                "crossval" => CrossValCommand.Run(args[1..], stdout, stderr),
                "train" => TrainCommand.Run(args[1..], stdout, stderr),
                _ => UsageError(stderr, $"unknown command \"{args[0]}\""),
            };
        }
        catch (MailboxDumpException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return Error;
        }
    }

    internal static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        stderr.WriteLine(Usage);
        return Error;
    }
}
