using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class TemplateSignatureConfiguration : IEntityTypeConfiguration<TemplateSignature>
{
    public void Configure(EntityTypeBuilder<TemplateSignature> builder)
    {
        // SQLite: AUTOINCREMENT, so a deleted account's highest rows never hand their numbers out again (a reader's
        // cursor may already be past them). PostgreSQL: an identity column.
        builder.HasKey(s => s.Sequence);
        builder.Property(s => s.Sequence).ValueGeneratedOnAdd();
        builder.Property(s => s.AccountId).HasMaxLength(20);
        builder.Property(s => s.EventId).HasMaxLength(20);
        builder.Property(s => s.SenderId).HasMaxLength(20);
        builder.Property(s => s.Data).HasMaxLength(4 * (64 + 256));
        builder.Property(s => s.BandKeys).HasMaxLength(8 * 32);
        // One row per DM: a DM two instances indexed is stored once (INSERT ... ON CONFLICT DO NOTHING).
        builder.HasIndex(s => new { s.AccountId, s.EventId }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
