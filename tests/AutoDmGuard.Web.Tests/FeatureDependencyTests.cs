using System.Text.RegularExpressions;

namespace AutoDmGuard.Web.Tests;

/// <summary>
/// The web project's feature folders reference each other one way (docs/architecture.md, Inside the web project):
/// Pages → Senders / Scoring / Polling / Accounts → Data, Demo, Operations; Hosting composes everything. A folder uses
/// another when one of its files has a <c>using AutoDmGuard.Web.Other</c> or names a type declared only there.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    /// <summary>What each folder may use; a folder missing here (a new one) must be added with its place in the order.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Data"] = [],
        ["Operations"] = ["Data"],
        ["Demo"] = ["Data"],
        ["Accounts"] = ["Data", "Demo", "Operations"],
        ["Scoring"] = ["Data", "Operations"],
        ["Polling"] = ["Accounts", "Scoring", "Data", "Demo", "Operations"],
        ["Senders"] = ["Accounts", "Scoring", "Polling", "Data", "Demo", "Operations"],
        ["Pages"] = ["Senders", "Scoring", "Polling", "Accounts", "Data", "Demo", "Operations"],
        ["Hosting"] = ["Pages", "Senders", "Scoring", "Polling", "Accounts", "Data", "Demo", "Operations"],
    };

    [Fact]
    public void Feature_folders_reference_each_other_one_way_only()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "AutoDmGuard.Web");
        var files = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(web, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal)
                && !p.Contains("/Migrations/", StringComparison.Ordinal))
            .ToDictionary(p => p, p => File.ReadAllText(Path.Combine(web, p)), StringComparer.Ordinal);

        var folders = files.Keys.Where(p => p.Contains('/', StringComparison.Ordinal)).Select(p => p[..p.IndexOf('/', StringComparison.Ordinal)])
            .Where(f => f is not ("Properties" or "wwwroot")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.All(folders, f => Assert.True(Allowed.ContainsKey(f), $"{f}/ is a feature folder with no place in the dependency order here"));

        Assert.Empty(Violations(files));
    }

    [Fact]
    public void A_back_reference_by_using_or_by_type_name_is_found()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Data/Thing.cs"] = "namespace AutoDmGuard.Web.Data;\npublic sealed class Thing { }\n",
            ["Polling/Poller.cs"] = "using AutoDmGuard.Web.Data;\nnamespace AutoDmGuard.Web.Polling;\npublic sealed record Poller(Thing T);\n",
            // Data naming a Polling type, and Scoring importing Polling's namespace: both against the order.
            ["Data/Back.cs"] = "namespace AutoDmGuard.Web.Data;\n// Poller in a comment is no reference\npublic sealed class Back(Poller p) { string s = \"Poller\"; }\n",
            ["Scoring/Side.cs"] = "using AutoDmGuard.Web.Polling;\nnamespace AutoDmGuard.Web.Scoring;\nclass Side { }\n",
        };

        var found = Violations(files);

        Assert.Equal(["Data/Back.cs uses Polling (Poller)", "Scoring/Side.cs uses Polling (using)"], found);
    }

    /// <summary>Each reference from a folder to one it may not use, as "file uses Folder (how)".</summary>
    private static List<string> Violations(IReadOnlyDictionary<string, string> files)
    {
        var code = files.ToDictionary(f => f.Key, f => CodeOnly(f.Value), StringComparer.Ordinal);
        var declaredIn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, text) in code)
        {
            if (FolderOf(path) is { } folder && path.EndsWith(".cs", StringComparison.Ordinal))
            {
                foreach (Match m in TypeDeclaration().Matches(text))
                {
                    (declaredIn.TryGetValue(m.Groups[1].Value, out var set) ? set : declaredIn[m.Groups[1].Value] = new(StringComparer.Ordinal)).Add(folder);
                }
            }
        }

        var violations = new List<string>();
        foreach (var (path, text) in code.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (FolderOf(path) is not { } folder || !Allowed.TryGetValue(folder, out var allowed))
            {
                continue;
            }

            var used = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (Match m in WebUsing().Matches(text))
            {
                Add(used, m.Groups[1].Value, "using");
            }

            foreach (var word in Identifier().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (declaredIn.TryGetValue(word, out var homes) && homes.Count == 1)
                {
                    Add(used, homes.First(), word);
                }
            }

            violations.AddRange(used.Where(u => u.Key != folder && !allowed.Contains(u.Key) && IsFolder(u.Key, files))
                .Select(u => $"{path} uses {u.Key} ({string.Join(", ", u.Value)})"));
        }

        return violations;
    }

    private static void Add(SortedDictionary<string, SortedSet<string>> used, string folder, string how)
    {
        if (!used.TryGetValue(folder, out var set))
        {
            used[folder] = set = new(StringComparer.Ordinal);
        }

        set.Add(how);
    }

    private static bool IsFolder(string name, IReadOnlyDictionary<string, string> files) =>
        files.Keys.Any(p => p.StartsWith(name + "/", StringComparison.Ordinal));

    private static string? FolderOf(string path) =>
        path.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? path[..slash] : null;

    /// <summary>
    /// The text without comments (C# and Razor) and string or character literals, which name nothing; interpolated
    /// strings stay, as their holes may name types.
    /// </summary>
    private static string CodeOnly(string text) => Literal().Replace(text, " ");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoDmGuard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AutoDmGuard.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"@\*.*?\*@|/\*.*?\*/|//[^\n]*|(?<!\$)@""(?:[^""]|"""")*""|(?<!\$)"""""".*?""""""|(?<![$@])""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])+'", RegexOptions.Singleline)]
    private static partial Regex Literal();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^\s*@?using\s+AutoDmGuard\.Web\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex WebUsing();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();
}
