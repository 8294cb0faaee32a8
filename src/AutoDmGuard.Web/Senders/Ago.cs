using System.Globalization;

namespace AutoDmGuard.Web.Senders;

/// <summary>"3 h ago" / "in 5 min" for timestamps, relative to the injected clock.</summary>
public static class Ago
{
    public static string Format(DateTime at, DateTime now)
    {
        var span = now - at;
        var future = span < TimeSpan.Zero;
        var length = future ? -span : span;
        string amount;
        if (length < TimeSpan.FromMinutes(1))
        {
            return future ? "in under a minute" : "just now";
        }
        else if (length < TimeSpan.FromHours(1))
        {
            amount = Invariant($"{(int)length.TotalMinutes} min");
        }
        else if (length < TimeSpan.FromDays(1))
        {
            amount = Invariant($"{(int)length.TotalHours} h");
        }
        else if (length < TimeSpan.FromDays(60))
        {
            var days = (int)length.TotalDays;
            amount = Invariant($"{days} day{(days == 1 ? "" : "s")}");
        }
        else
        {
            var months = (int)(length.TotalDays / 30);
            amount = Invariant($"{months} months");
        }

        return future ? "in " + amount : amount + " ago";
    }

    /// <summary>The machine-readable value for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The absolute UTC time for a tooltip.</summary>
    public static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
