namespace AutoDmGuard.Web.Data;

/// <summary>
/// One sender of one template in one account: how many of the sender's scored DMs carry the template. Kept by the scorer
/// (<c>ScoreAggregates</c>) in the transaction that writes the scores, so the sender page reads a cluster's senders by a
/// key seek instead of counting every scored DM of the template.
/// </summary>
public sealed class TemplateMember
{
    public required string AccountId { get; set; }
    public required string TemplateKey { get; set; }
    public required string SenderId { get; set; }
    public int Dms { get; set; }
}
