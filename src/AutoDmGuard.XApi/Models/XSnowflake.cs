using System.Globalization;

namespace AutoDmGuard.XApi;

/// <summary>X ids are time-ordered 64-bit snowflakes sent as strings: compare them numerically, never as text.</summary>
public static class XSnowflake
{
    /// <summary>Compares two ids numerically (shorter numeric strings are smaller); ids that are not numbers sort first, by ordinal.</summary>
    public static int Compare(string? left, string? right)
    {
        var leftOk = ulong.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out var l);
        var rightOk = ulong.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out var r);
        return (leftOk, rightOk) switch
        {
            (true, true) => l.CompareTo(r),
            (true, false) => 1,
            (false, true) => -1,
            _ => string.CompareOrdinal(left, right),
        };
    }

    /// <summary>True when the id parses as an unsigned 64-bit number.</summary>
    public static bool IsValid(string? id) => ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>The creation time encoded in an X snowflake id (milliseconds since 2010-11-04T01:42:54.657Z), or null.</summary>
    public static DateTimeOffset? Timestamp(string? id) =>
        ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(value >> 22) + 1288834974657L)
            : null;
}
