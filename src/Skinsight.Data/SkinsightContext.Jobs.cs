using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>The background job part of the model: jobs and their encrypted payloads.</summary>
public abstract partial class SkinsightContext
{
    /// <summary>Longest error message kept on a job.</summary>
    public const int JobErrorMaxLength = 500;

    /// <summary>Longest worker id kept as a lease owner.</summary>
    public const int WorkerIdMaxLength = 100;

    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<JobPayload> JobPayloads => Set<JobPayload>();

    private static void ConfigureJobs(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobRecord>(job =>
        {
            job.ToTable("jobs");

            // The claim statement looks for the oldest claimable job by state and time through this index.
            job.HasIndex(j => new { j.State, j.NotBefore });
            job.HasIndex(j => new { j.PersonId, j.CreatedAt });
            job.Property(j => j.Kind).HasMaxLength(EnumNameMaxLength).IsRequired();
            job.Property(j => j.State).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            job.Property(j => j.LeaseOwner).HasMaxLength(WorkerIdMaxLength);
            job.Property(j => j.LastError).HasMaxLength(JobErrorMaxLength);
            job.Property(j => j.FailureKind).HasConversion<string>().HasMaxLength(EnumNameMaxLength);
            job.HasOne<Person>().WithMany().HasForeignKey(j => j.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<JobPayload>(payload =>
        {
            payload.ToTable("job_payloads");
            payload.HasKey(p => p.JobId);
            payload.HasIndex(p => p.PersonId);
            payload.HasOne<JobRecord>().WithOne().HasForeignKey<JobPayload>(p => p.JobId).OnDelete(DeleteBehavior.Cascade);
            payload.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
