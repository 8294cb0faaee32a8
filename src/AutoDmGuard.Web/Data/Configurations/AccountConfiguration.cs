using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(20);
        builder.Property(a => a.Username).HasMaxLength(50);
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.Property(a => a.ProfileImageUrl).HasMaxLength(500);
        builder.Property(a => a.ReauthorizationReason).HasMaxLength(500);
        builder.Property(a => a.SandboxWorldId).HasMaxLength(64);
        builder.HasOne(a => a.Token).WithOne().HasForeignKey<AccountToken>(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.PollState).WithOne().HasForeignKey<PollState>(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
