using System.Globalization;
using System.Text;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Opaque pagination tokens: hex of "kind|direction|key". Keys are positions, not offsets, so pages stay stable
/// while new DMs arrive. X's spec says "string, min length 16" (docs/sandbox.md, DM lookups), so numbers are written
/// at a fixed width (19 digits, the most a long has) and every token is well over 16 characters.
/// </summary>
internal static class PageToken
{
    private const string Width = "D19";

    public static string ForEvents(EventKey key, bool older) =>
        Encode($"dm|{(older ? 'n' : 'p')}|{key.Ticks.ToString(Width, CultureInfo.InvariantCulture)}|{key.Id.ToString(Width, CultureInfo.InvariantCulture)}");

    public static string ForList(long sequence, bool older) =>
        Encode($"ul|{(older ? 'n' : 'p')}|{sequence.ToString(Width, CultureInfo.InvariantCulture)}");

    public static bool TryReadEvents(string token, out PageCursor<EventKey> cursor)
    {
        cursor = default;
        var parts = Decode(token)?.Split('|');
        if (parts is not ["dm", var direction, var ticks, var id]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || !ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || direction is not ("n" or "p"))
        {
            return false;
        }

        cursor = new PageCursor<EventKey>(direction == "n", new EventKey(t, i));
        return true;
    }

    public static bool TryReadList(string token, out PageCursor<long> cursor)
    {
        cursor = default;
        var parts = Decode(token)?.Split('|');
        if (parts is not ["ul", var direction, var seq]
            || !long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || direction is not ("n" or "p"))
        {
            return false;
        }

        cursor = new PageCursor<long>(direction == "n", s);
        return true;
    }

    private static string Encode(string text) => Convert.ToHexString(Encoding.ASCII.GetBytes(text));

    private static string? Decode(string token)
    {
        try
        {
            return Encoding.ASCII.GetString(Convert.FromHexString(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
