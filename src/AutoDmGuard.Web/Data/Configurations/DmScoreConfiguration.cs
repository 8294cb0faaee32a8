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

        // Growth of a template queues the DMs of it scored at a smaller sender count and not queued yet
        // (ScoreQueue.QueueGrownTemplatesAsync): this index holds only unqueued rows, by template and count, so a large
        // template's growth seeks to exactly the rows it changes instead of reading every DM of the template.
        builder.HasIndex(s => new { s.TemplateKey, s.TemplateSenderCount })
            .HasFilter("\"RescoreQueuedAt\" IS NULL AND \"TemplateKey\" IS NOT NULL");
    }
}
