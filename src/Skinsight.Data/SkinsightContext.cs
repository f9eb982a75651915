using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>
/// The EF Core model shared by both providers. Each provider has its own derived context
/// (<see cref="SqliteSkinsightContext"/>, <see cref="PostgresSkinsightContext"/>) and its own migration set.
/// </summary>
public abstract class SkinsightContext(DbContextOptions options) : DbContext(options)
{
    // Enum columns contain names rather than numbers so that reordering an enum never changes stored meaning.
    private const int EnumNameMaxLength = 32;

    /// <summary>The key ring that encrypts and decrypts <see cref="Encryption.EncryptedAttribute"/> properties.</summary>
    internal Encryption.KeyRing? Keys { get; set; }

    public DbSet<Person> People => Set<Person>();

    public DbSet<AnalysisRecord> Analyses => Set<AnalysisRecord>();

    public DbSet<StoredPhoto> Photos => Set<StoredPhoto>();

    public DbSet<PlanRecord> Plans => Set<PlanRecord>();

    public DbSet<ProductRecord> Products => Set<ProductRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("people");
            person.HasIndex(p => p.Handle).IsUnique();
            person.Property(p => p.Handle).IsRequired();
        });

        modelBuilder.Entity<AnalysisRecord>(analysis =>
        {
            analysis.ToTable("analyses");
            analysis.HasIndex(a => new { a.PersonId, a.CreatedAt });
            analysis.Property(a => a.Mode).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            analysis.Property(a => a.AnalysisJson).IsRequired();
            analysis.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
            analysis.HasOne(a => a.Photo)
                .WithOne()
                .HasForeignKey<StoredPhoto>(p => p.AnalysisId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<StoredPhoto>(photo =>
        {
            photo.ToTable("photos");
            photo.HasKey(p => p.AnalysisId);
            photo.HasIndex(p => p.PersonId);
            photo.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PlanRecord>(plan =>
        {
            plan.ToTable("plans");
            plan.HasIndex(p => new { p.PersonId, p.CreatedAt });
            plan.Property(p => p.ProfileJson).IsRequired();
            plan.Property(p => p.PlanJson).IsRequired();
            plan.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
            plan.HasOne<AnalysisRecord>()
                .WithMany()
                .HasForeignKey(p => p.AnalysisId)
                .OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<ProductRecord>(product =>
        {
            product.ToTable("products");
            product.HasIndex(p => new { p.Source, p.SourceId }).IsUnique();
            product.HasIndex(p => p.Category);
            product.Property(p => p.Category).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            product.Property(p => p.ContentHash).HasMaxLength(64);
        });
    }
}
