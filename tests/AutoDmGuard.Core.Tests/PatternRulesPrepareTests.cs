using System.Reflection;
using System.Text.RegularExpressions;

namespace AutoDmGuard.Core.Tests;

public class PatternRulesPrepareTests
{
    [Fact]
    public void Preparing_compiles_the_matchers_of_every_generated_regex_of_the_rules()
    {
        // Each [GeneratedRegex] method gets a generated runner with at least its scan, its search for a start and its
        // match at a position. If the generator ever moves its code elsewhere, preparing finds nothing and this fails,
        // rather than the CLI silently compiling every matcher on its critical path again.
        var generated = typeof(PatternRules).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Count(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null);

        var prepared = PatternRules.PrepareMatchers();

        Assert.NotEqual(0, generated);
        Assert.True(prepared >= 3 * generated, $"prepared {prepared} methods for {generated} generated regexes");
    }

    [Fact]
    public void Preparing_stops_once_told_to()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        Assert.Equal(0, PatternRules.PrepareMatchers(stop.Token));
    }
}
