using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class DmEventConfiguration : IEntityTypeConfiguration<DmEvent>
{
    public void Configure(EntityTypeBuilder<DmEvent> builder)
    {
        // The key is the unique index that makes "stored once" a database fact, not a hope.
        builder.HasKey(e => new { e.AccountId, e.EventId });
        builder.Property(e => e.AccountId).HasMaxLength(20);
        builder.Property(e => e.EventId).HasMaxLength(20);
        builder.Property(e => e.EventType).HasMaxLength(32);
        builder.Property(e => e.SenderId).HasMaxLength(20);
        builder.Property(e => e.ConversationId).HasMaxLength(41);
        builder.Property(e => e.ParticipantIds).HasMaxLength(2000);
        builder.Property(e => e.Text).HasMaxLength(10000);
        builder.HasIndex(e => new { e.AccountId, e.Sequence });
        builder.HasIndex(e => new { e.AccountId, e.SenderId, e.Sequence });
        builder.HasIndex(e => new { e.AccountId, e.ConversationId, e.Sequence });
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Score).WithOne().HasForeignKey<DmScore>(s => new { s.AccountId, s.EventId }).OnDelete(DeleteBehavior.Cascade);
    }
}
