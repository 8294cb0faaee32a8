using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class KnownUserConfiguration : IEntityTypeConfiguration<KnownUser>
{
    public void Configure(EntityTypeBuilder<KnownUser> builder)
    {
        builder.HasKey(u => new { u.AccountId, u.UserId });
        builder.Property(u => u.AccountId).HasMaxLength(20);
        builder.Property(u => u.UserId).HasMaxLength(20);
        builder.Property(u => u.Username).HasMaxLength(50);
        builder.Property(u => u.Name).HasMaxLength(100);
        builder.Property(u => u.Description).HasMaxLength(1000);
        builder.Property(u => u.ProfileImageUrl).HasMaxLength(500);
        builder.HasIndex(u => new { u.AccountId, u.Username });
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
