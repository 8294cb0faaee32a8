using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class AllowlistEntryConfiguration : IEntityTypeConfiguration<AllowlistEntry>
{
    public void Configure(EntityTypeBuilder<AllowlistEntry> builder)
    {
        builder.HasKey(e => new { e.AccountId, e.Username });
        builder.Property(e => e.AccountId).HasMaxLength(20);
        builder.Property(e => e.Username).HasMaxLength(50);
        builder.Property(e => e.UserId).HasMaxLength(20);
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
