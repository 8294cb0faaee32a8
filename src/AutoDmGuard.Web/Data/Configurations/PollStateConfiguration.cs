using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class PollStateConfiguration : IEntityTypeConfiguration<PollState>
{
    public void Configure(EntityTypeBuilder<PollState> builder)
    {
        builder.HasKey(p => p.AccountId);
        builder.Property(p => p.AccountId).HasMaxLength(20);
        builder.Property(p => p.NewestDmEventId).HasMaxLength(20);
        builder.Property(p => p.BackfillPaginationToken).HasMaxLength(200);
        builder.Property(p => p.DmReadResumeToken).HasMaxLength(200);
        builder.Property(p => p.DmReadResumeStopAtId).HasMaxLength(20);
        builder.Property(p => p.LastError).HasMaxLength(1000);
        builder.Property(p => p.LeaseOwner).HasMaxLength(100);
        builder.HasIndex(p => p.NextDmPollAt);
    }
}
