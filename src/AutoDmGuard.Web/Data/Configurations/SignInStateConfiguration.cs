using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class SignInStateConfiguration : IEntityTypeConfiguration<SignInState>
{
    public void Configure(EntityTypeBuilder<SignInState> builder)
    {
        builder.HasKey(s => s.KeyHash);
        builder.Property(s => s.KeyHash).HasMaxLength(64);
        // Return URL, PKCE verifier, correlation id and the handler's own items: well under this.
        builder.Property(s => s.Properties).HasMaxLength(4096);
        // The purge of abandoned sign-ins walks it.
        builder.HasIndex(s => s.ExpiresAt);
    }
}
