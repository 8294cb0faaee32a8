using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class AccountTokenConfiguration : IEntityTypeConfiguration<AccountToken>
{
    public void Configure(EntityTypeBuilder<AccountToken> builder)
    {
        builder.HasKey(t => t.AccountId);
        builder.Property(t => t.AccountId).HasMaxLength(20);
        builder.Property(t => t.Scope).HasMaxLength(500);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}
