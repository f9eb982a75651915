using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>
/// The EF Core model shared by both providers. Each provider has its own derived context
/// (<see cref="SqliteSkinsightContext"/>, <see cref="PostgresSkinsightContext"/>) and its own migration set.
/// </summary>
/// <remarks>
/// It derives from Identity's context so that accounts, roles and their claims live in the same database as the
/// people they sign in for.
/// </remarks>
public abstract partial class SkinsightContext(DbContextOptions options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options)
{
    // Enum columns contain names rather than numbers so that reordering an enum never changes stored meaning.
    private const int EnumNameMaxLength = 32;

    /// <summary>Longest product key stored in a product history, source plus id.</summary>
    public const int ProductKeyMaxLength = 300;

    /// <summary>Longest note a person may attach to a product history entry.</summary>
    public const int NoteMaxLength = 1000;

    /// <summary>Length of a keyed lookup digest: <c>h1:</c> and 64 hex digits.</summary>
    private const int LookupDigestLength = 67;

    /// <summary>Longest experiment or variant name.</summary>
    public const int ExperimentNameMaxLength = 64;

    /// <summary>The key ring that encrypts and decrypts <see cref="Encryption.EncryptedAttribute"/> properties.</summary>
    internal Encryption.KeyRing? Keys { get; set; }

    public DbSet<Person> People => Set<Person>();

    public DbSet<AnalysisRecord> Analyses => Set<AnalysisRecord>();

    public DbSet<StoredPhoto> Photos => Set<StoredPhoto>();

    public DbSet<PlanRecord> Plans => Set<PlanRecord>();

    public DbSet<ProductRecord> Products => Set<ProductRecord>();

    public DbSet<ProductExperienceRecord> ProductExperiences => Set<ProductExperienceRecord>();

    public DbSet<CheckInRecord> CheckIns => Set<CheckInRecord>();

    public DbSet<CheckInValueRecord> CheckInValues => Set<CheckInValueRecord>();

    public DbSet<CheckInStepRecord> CheckInSteps => Set<CheckInStepRecord>();

    public DbSet<ExperimentRecord> Experiments => Set<ExperimentRecord>();

    public DbSet<ExposureRecord> Exposures => Set<ExposureRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        ConfigureSecurity(modelBuilder);

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
            plan.Property(p => p.ExperimentVariant).HasMaxLength(ExperimentNameMaxLength);
            plan.HasOne<ExperimentRecord>()
                .WithMany()
                .HasForeignKey(p => p.ExperimentId)
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

        modelBuilder.Entity<ProductExperienceRecord>(experience =>
        {
            experience.ToTable("product_experiences");
            // Product key, kind and note are ciphertext, longer than their plain limits, so their columns have
            // no length limit. The digest takes the place of the old unique index on product key and kind.
            experience.HasIndex(e => new { e.PersonId, e.EntryDigest }).IsUnique();
            experience.Property(e => e.EntryDigest).HasMaxLength(LookupDigestLength);
            experience.Property(e => e.ProductKey).IsRequired();
            experience.Ignore(e => e.Kind);
            experience.Property(e => e.KindName).HasColumnName("Kind").IsRequired();
            experience.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        ConfigureCheckIns(modelBuilder);
        ConfigureExperiments(modelBuilder);
        ConfigureJobs(modelBuilder);
    }

    private static void ConfigureExperiments(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExperimentRecord>(experiment =>
        {
            experiment.ToTable("experiments");
            experiment.HasIndex(e => e.Name).IsUnique();

            // At most one experiment runs: a second concurrent start fails on this index instead of adding another.
            experiment.HasIndex(e => e.Status).IsUnique().HasFilter("\"Status\" = 'Running'").HasDatabaseName("IX_experiments_one_running");
            experiment.Property(e => e.Name).HasMaxLength(ExperimentNameMaxLength).IsRequired();
            experiment.Property(e => e.Hypothesis).HasMaxLength(NoteMaxLength).IsRequired();
            experiment.Property(e => e.ArmsJson).IsRequired();
            experiment.Property(e => e.Measure).HasMaxLength(64).IsRequired();
            experiment.Property(e => e.Better).HasMaxLength(8).IsRequired();
            experiment.Property(e => e.Status).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
        });

        modelBuilder.Entity<ExposureRecord>(exposure =>
        {
            exposure.ToTable("experiment_exposures");

            // One exposure per experiment and person: the unique index makes a second insert fail, not duplicate.
            exposure.HasIndex(e => new { e.ExperimentId, e.PersonId }).IsUnique();
            exposure.HasIndex(e => e.PersonId);
            exposure.Property(e => e.Variant).HasMaxLength(ExperimentNameMaxLength).IsRequired();
            exposure.HasOne<ExperimentRecord>().WithMany().HasForeignKey(e => e.ExperimentId).OnDelete(DeleteBehavior.Cascade);
            exposure.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureCheckIns(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CheckInRecord>(checkIn =>
        {
            checkIn.ToTable("check_ins");
            checkIn.HasIndex(c => new { c.PersonId, c.TakenAt });
            checkIn.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
            checkIn.HasOne<AnalysisRecord>()
                .WithMany()
                .HasForeignKey(c => c.AnalysisId)
                .OnDelete(DeleteBehavior.SetNull);
            checkIn.HasMany(c => c.Values).WithOne().HasForeignKey(v => v.CheckInId).OnDelete(DeleteBehavior.Cascade);
            checkIn.HasMany(c => c.Steps).WithOne().HasForeignKey(s => s.CheckInId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CheckInValueRecord>(value =>
        {
            value.ToTable("check_in_values");

            // The dashboard reads every series of one person, ordered by time, through this index alone.
            value.HasIndex(v => new { v.PersonId, v.Kind, v.MeasuredAt });
            value.HasIndex(v => v.CheckInId);
            value.Property(v => v.Source).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            value.Property(v => v.Mode).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            value.Property(v => v.Kind).HasMaxLength(64).IsRequired();
            value.Property(v => v.Unit).HasMaxLength(16).IsRequired();
            value.Ignore(v => v.Value);
            value.Property(v => v.StoredValue).HasColumnName("Value").IsRequired();
        });

        modelBuilder.Entity<CheckInStepRecord>(step =>
        {
            step.ToTable("check_in_steps");
            step.HasIndex(s => s.CheckInId);
            step.HasIndex(s => new { s.PersonId, s.PlanId });
            step.Property(s => s.Routine).HasMaxLength(2).IsRequired();
            step.HasOne<PlanRecord>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
