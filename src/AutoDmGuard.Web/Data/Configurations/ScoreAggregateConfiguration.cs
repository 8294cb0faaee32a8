using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutoDmGuard.Web.Data.Configurations;

internal sealed class TemplateMemberConfiguration : IEntityTypeConfiguration<TemplateMember>
{
    public void Configure(EntityTypeBuilder<TemplateMember> builder)
    {
        // The key is the sender page's seek: one template's senders in id order.
        builder.HasKey(m => new { m.AccountId, m.TemplateKey, m.SenderId });
        builder.Property(m => m.AccountId).HasMaxLength(20);
        builder.Property(m => m.TemplateKey).HasMaxLength(64);
        builder.Property(m => m.SenderId).HasMaxLength(20);
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TemplateStatConfiguration : IEntityTypeConfiguration<TemplateStat>
{
    public void Configure(EntityTypeBuilder<TemplateStat> builder)
    {
        builder.HasKey(t => new { t.AccountId, t.TemplateKey });
        builder.Property(t => t.AccountId).HasMaxLength(20);
        builder.Property(t => t.TemplateKey).HasMaxLength(64);
        // Insights' "templates used by the most senders": an index walk from the top.
        builder.HasIndex(t => new { t.AccountId, t.Senders, t.Dms });
        builder.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeeklyStatConfiguration : IEntityTypeConfiguration<WeeklyStat>
{
    public void Configure(EntityTypeBuilder<WeeklyStat> builder)
    {
        builder.HasKey(w => new { w.AccountId, w.WeekStart });
        builder.Property(w => w.AccountId).HasMaxLength(20);
        builder.HasOne<Account>().WithMany().HasForeignKey(w => w.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
