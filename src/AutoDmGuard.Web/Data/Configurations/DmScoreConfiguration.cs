using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class DmScoreConfiguration : IEntityTypeConfiguration<DmScore>
{
    public void Configure(EntityTypeBuilder<DmScore> builder)
    {
        builder.HasKey(s => new { s.AccountId, s.EventId });
        builder.Property(s => s.AccountId).HasMaxLength(20);
        builder.Property(s => s.EventId).HasMaxLength(20);
        builder.Property(s => s.TemplateKey).HasMaxLength(64);
        // A template's newest DM (Insights' sample text) is the last entry of its range.
        builder.HasIndex(s => new { s.AccountId, s.TemplateKey, s.EventId });

        // The worker's re-score queues: DMs whose template grew (few, so a partial index) and DMs scored by an older classifier.
        builder.HasIndex(s => new { s.AccountId, s.RescoreQueuedAt }).HasFilter("\"RescoreQueuedAt\" IS NOT NULL");
        builder.HasIndex(s => new { s.AccountId, s.ClassifierVersion });
    }
}
