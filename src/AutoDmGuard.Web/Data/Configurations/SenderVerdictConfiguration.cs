using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class SenderVerdictConfiguration : IEntityTypeConfiguration<SenderVerdict>
{
    public void Configure(EntityTypeBuilder<SenderVerdict> builder)
    {
        builder.HasKey(v => new { v.AccountId, v.SenderId });
        builder.Property(v => v.AccountId).HasMaxLength(20);
        builder.Property(v => v.SenderId).HasMaxLength(20);
        builder.Property(v => v.LatestDmExcerpt).HasMaxLength(280);
        // The dashboard's list: one account, one filter, highest score first.
        builder.HasIndex(v => new { v.AccountId, v.Flagged, v.Status, v.Score });
        builder.HasIndex(v => new { v.AccountId, v.Status, v.Score });
        builder.HasOne<Account>().WithMany().HasForeignKey(v => v.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
