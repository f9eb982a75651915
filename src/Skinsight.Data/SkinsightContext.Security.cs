using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>The security part of the model: accounts, API tokens, consent, audit log and research demographics.</summary>
public abstract partial class SkinsightContext
{
    private const int ShortTextMaxLength = 200;

    // KeyRing.LogPseudonym returns "p:" and 12 hex digits.
    private const int PseudonymMaxLength = 16;

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ConsentRecord> Consents => Set<ConsentRecord>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<Demographics> Demographics => Set<Demographics>();

    private static void ConfigureSecurity(ModelBuilder modelBuilder)
    {
        // Identity's default names (AspNetUsers, ...) are replaced by lower-case ones like the other tables.
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasIndex(a => a.PersonId).IsUnique();

            // The user name and email are ciphertext, which for a long email exceeds Identity's 256-character
            // limit. The normalized forms are digests, which fit.
            account.Property(a => a.UserName).Metadata.SetMaxLength(null);
            account.Property(a => a.Email).Metadata.SetMaxLength(null);
            account.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<IdentityRole<Guid>>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("account_roles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("account_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("account_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("account_tokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.ToTable("api_tokens");
            token.HasIndex(t => t.SecretSha256).IsUnique();
            token.HasIndex(t => t.PersonId);
            token.Property(t => t.Name).HasMaxLength(ShortTextMaxLength);
            token.Property(t => t.SecretSha256).HasMaxLength(64);
            token.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ConsentRecord>(consent =>
        {
            consent.ToTable("consents");
            consent.HasIndex(c => new { c.PersonId, c.Purpose, c.GrantedAt });

            // At most one consent in force per person and purpose. Grants take the person's row lock, so this index is a backstop.
            consent.HasIndex(c => new { c.PersonId, c.Purpose }).IsUnique().HasFilter("\"WithdrawnAt\" IS NULL")
                .HasDatabaseName("IX_consents_one_in_force");
            consent.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            consent.Property(c => c.TextVersion).HasMaxLength(ShortTextMaxLength);
            consent.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        // The audit log has no foreign keys on purpose: it outlives the people and accounts it mentions.
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.SubjectPersonId, e.At });
            entry.Property(e => e.Action).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            entry.Property(e => e.Operation).HasMaxLength(ShortTextMaxLength);
            entry.Property(e => e.ResourceId).HasMaxLength(ShortTextMaxLength);
            entry.Property(e => e.Purpose).HasMaxLength(ShortTextMaxLength);
            entry.Property(e => e.ActorPseudonym).HasMaxLength(PseudonymMaxLength);
            entry.Property(e => e.SubjectPseudonym).HasMaxLength(PseudonymMaxLength);
        });

        modelBuilder.Entity<Demographics>(demographics =>
        {
            demographics.ToTable("demographics");
            demographics.HasKey(d => d.PersonId);
            demographics.Property(d => d.Sex).HasMaxLength(EnumNameMaxLength);
            demographics.Property(d => d.SkinType).HasMaxLength(EnumNameMaxLength);
            demographics.Property(d => d.Region).HasMaxLength(EnumNameMaxLength);
            demographics.HasOne<Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
