using System.Globalization;

namespace AutoDmGuard.XApiSandbox;

/// <summary>Invents demo users and their messages; shared by the generator and the admin simulations.</summary>
internal sealed class DemoCast(DemoRandom rng, Func<string, bool> usernameTaken, Func<DateTime, string> newUserId)
{
    private readonly HashSet<string> _usernames = new(StringComparer.OrdinalIgnoreCase);

    public DemoRandom Random => rng;

    public SandboxUser NewBot(AutoFamily family, DateTime now)
    {
        var first = rng.Pick(DemoTexts.FirstNames);
        var name = rng.Next(4) switch
        {
            0 => $"{first} | Growth",
            1 => $"{first} {rng.Pick(DemoTexts.LastNames)}",
            2 => rng.Pick(DemoTexts.Products),
            _ => $"{first} 🚀",
        };
        var created = now.AddDays(-rng.Next(60, 4000));
        var followers = rng.Next(1500, 60000);
        return new SandboxUser(newUserId(created), Username(first, rng.Pick(["growth", "hq", "daily", "pro", "official", "builds"])), name)
        {
            Description = rng.Spin(family.Bio, Slots(family, null, VoiceFor())),
            CreatedAt = created,
            Verified = rng.Chance(0.3),
            PublicMetrics = new UserMetrics(followers, (long)(followers * (0.8 + rng.NextDouble() * 0.4)), rng.Next(800, 30000), rng.Next(0, 80), null),
            Url = rng.Chance(0.6) ? rng.Link() : null,
        };
    }

    public SandboxUser NewPerson(DateTime now)
    {
        var first = rng.Pick(DemoTexts.FirstNames);
        var last = rng.Pick(DemoTexts.LastNames);
        var created = now.AddDays(-rng.Next(200, 5500));
        return new SandboxUser(newUserId(created), Username(first, last), $"{first} {last}")
        {
            Description = rng.Pick(DemoTexts.PersonalBios),
            CreatedAt = created,
            Verified = rng.Chance(0.05),
            PublicMetrics = new UserMetrics(rng.Next(40, 3000), rng.Next(80, 900), rng.Next(50, 9000), rng.Next(0, 20), null),
        };
    }

    /// <summary>What stays constant across one bot's messages: its product, link, code, signature and casing.</summary>
    public BotVoice VoiceFor() => new(
        rng.Pick(DemoTexts.Topics), rng.Pick(DemoTexts.Products), rng.Token(6).ToUpperInvariant(), rng.Count(), rng.Link(),
        rng.Chance(0.12) ? rng.Pick(DemoTexts.ToolSignatures) : null, rng.Chance(0.1));

    public string AutoText(AutoFamily family, BotVoice voice, SandboxAccount recipient, bool followUp)
    {
        var text = rng.Spin(followUp && family.FollowUp is not null ? family.FollowUp : family.First, Slots(family, recipient, voice));
        if (voice.Signature is not null)
        {
            text += " " + voice.Signature;
        }

        return voice.Lowercase ? text.ToLowerInvariant() : text;
    }

    /// <summary>Details that stay the same within one conversation (the day, the place...).</summary>
    public Dictionary<string, string> ConversationSlots(SandboxAccount recipient) => new(StringComparer.Ordinal)
    {
        ["first"] = FirstName(recipient),
        ["topic"] = rng.Pick(DemoTexts.Topics),
        ["day"] = rng.Pick(DemoTexts.Days),
        ["time"] = rng.Pick(DemoTexts.Times),
        ["place"] = rng.Pick(DemoTexts.Places),
        ["thing"] = rng.Pick(DemoTexts.Things),
    };

    public string PersonalText(string line, Dictionary<string, string> slots)
    {
        slots["link"] = rng.Link();
        return rng.Spin(line, slots);
    }

    private static readonly AutoFamily[] EnglishFamilies = [.. DemoTexts.Families.Where(f => f.Language == "en")];
    private static readonly AutoFamily[] OtherFamilies = [.. DemoTexts.Families.Where(f => f.Language != "en")];

    public AutoFamily PickFamily() => rng.Chance(0.15) ? rng.Pick(OtherFamilies) : rng.Pick(EnglishFamilies);

    private Dictionary<string, string> Slots(AutoFamily family, SandboxAccount? recipient, BotVoice voice) => new(StringComparer.Ordinal)
    {
        ["name"] = recipient is null ? "there" : AddressAs(recipient),
        ["link"] = voice.Link,
        ["topic"] = voice.Topic,
        ["product"] = voice.Product,
        ["code"] = voice.Code,
        ["count"] = voice.Count,
        ["lang"] = family.Language,
    };

    private string AddressAs(SandboxAccount recipient) => rng.Next(6) switch
    {
        0 => FirstName(recipient).ToLowerInvariant(),
        1 => recipient.Name,
        2 => "@" + recipient.Username,
        3 => "there",
        _ => FirstName(recipient),
    };

    private static string FirstName(SandboxAccount account) => account.Name.Split(' ')[0];

    private string Username(string first, string second)
    {
        var stem = new string($"{first}_{second}".ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').ToArray());
        stem = stem[..Math.Min(stem.Length, 11)];
        var candidate = stem;
        for (var n = 2; !_usernames.Add(candidate) || usernameTaken(candidate); n++)
        {
            candidate = stem + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}

internal sealed record BotVoice(string Topic, string Product, string Code, string Count, string Link, string? Signature, bool Lowercase);
