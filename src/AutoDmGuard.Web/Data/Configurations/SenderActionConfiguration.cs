using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class SenderActionConfiguration : IEntityTypeConfiguration<SenderAction>
{
    public void Configure(EntityTypeBuilder<SenderAction> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.AccountId).HasMaxLength(20);
        builder.Property(a => a.TargetUserId).HasMaxLength(20);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.Property(a => a.ClaimedBy).HasMaxLength(100);
        builder.HasIndex(a => new { a.AccountId, a.TargetUserId, a.CreatedAt });
        builder.HasIndex(a => new { a.BulkJobId, a.Status });
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BulkUnfollowJob>().WithMany().HasForeignKey(a => a.BulkJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
