namespace AutoDmGuard.Web.Data;

/// <summary>One template in one account: its distinct senders and scored DMs. Kept with <see cref="TemplateMember"/>.</summary>
public sealed class TemplateStat
{
    public required string AccountId { get; set; }
    public required string TemplateKey { get; set; }
    public int Senders { get; set; }
    public int Dms { get; set; }
}
