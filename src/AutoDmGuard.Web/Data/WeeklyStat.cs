namespace AutoDmGuard.Web.Data;

/// <summary>One week (Monday 00:00 UTC) of one account: scored DMs received that week and how many were flagged.</summary>
public sealed class WeeklyStat
{
    public required string AccountId { get; set; }
    public DateTime WeekStart { get; set; }
    public int Dms { get; set; }
    public int FlaggedDms { get; set; }

    /// <summary>The Monday (UTC) on or before <paramref name="at"/>: the week a DM counts in.</summary>
    public static DateTime WeekOf(DateTime at) => DateTime.SpecifyKind(at.Date.AddDays(-(((int)at.DayOfWeek + 6) % 7)), DateTimeKind.Utc);
}
