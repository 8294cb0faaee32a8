using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class BulkUnfollowJobConfiguration : IEntityTypeConfiguration<BulkUnfollowJob>
{
    public void Configure(EntityTypeBuilder<BulkUnfollowJob> builder)
    {
        builder.HasKey(j => j.Id);
        builder.Property(j => j.AccountId).HasMaxLength(20);
        builder.Property(j => j.Filter).HasMaxLength(500);
        builder.Property(j => j.LeaseOwner).HasMaxLength(100);
        builder.HasIndex(j => new { j.AccountId, j.Status });
        builder.HasOne<Account>().WithMany().HasForeignKey(j => j.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
