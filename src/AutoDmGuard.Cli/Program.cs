using AutoDmGuard.Cli;

using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
var code = CliApp.Run(args, stdout, Console.Error);
stdout.Flush();
return code;
