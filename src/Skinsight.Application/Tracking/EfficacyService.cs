using System.Security.Cryptography;
using Skinsight.Application.Privacy;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Data;
using Skinsight.Tracking.CheckIns;
using Skinsight.Tracking.Efficacy;
using Skinsight.Tracking.Regression;
using Skinsight.Tracking.Trends;

namespace Skinsight.Application.Tracking;

/// <summary>The ingredient efficacy report over everyone in the store, under pseudonyms.</summary>
/// <param name="People">People with at least one check-in that records the steps used.</param>
/// <param name="CheckIns">Values that entered the pooled fits.</param>
/// <param name="Estimates">One row per active, measure and skin type (null for all types) that could be estimated.</param>
public sealed record EfficacyReport(int People, int CheckIns, IReadOnlyList<EfficacyEstimate> Estimates);

/// <summary>
/// Pools the check-ins of every person with research consent and estimates which actives go with improvement in which
/// measure for which skin type (fixed effects per person, clustered errors).
/// </summary>
public sealed class EfficacyService(SkinsightStore store)
{
    /// <summary>The smallest group the report may show, as the research consent text promises.</summary>
    public const int FewestPeople = 5;

    /// <summary>Builds the report. Person ids are replaced by keyed hashes whose key is discarded afterwards.</summary>
    public async Task<EfficacyReport> ReportAsync(
        int minPeople = IngredientEfficacy.DefaultMinPeople,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minPeople, FewestPeople);

        // A fresh key per report, so pseudonyms cannot be linked across reports or back to person ids.
        byte[] key = RandomNumberGenerator.GetBytes(32);
        // Keyed by series label, so a photo measure's face photos and close-ups are fitted apart.
        var byMeasure = new Dictionary<string, List<CheckIn>>(StringComparer.Ordinal);
        var kindOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var skinTypes = new Dictionary<string, SkinType>(StringComparer.Ordinal);
        var people = new HashSet<string>(StringComparer.Ordinal);

        // Adherence is adjusted for only when every check-in reports a step without an active. Otherwise the
        // placeholder 1 of the other check-ins would be fitted as if it were measured.
        bool adherenceKnown = true;
        await foreach (var (personId, history) in store.ReadResearchCheckInHistoriesAsync(ConsentTexts.ResearchVersionsCoveringCheckIns, cancellationToken))
        {
            string pseudonym = Convert.ToHexString(HMACSHA256.HashData(key, personId.ToByteArray()))[..16];
            var plans = await LoadPlansAsync(personId, history, cancellationToken);
            if (plans.Profile is { } profile)
            {
                skinTypes[pseudonym] = profile.SkinType;
            }

            var exposures = Exposures.ByCheckIn(history.Steps, plans.ById);
            var quality = history.CheckIns.ToDictionary(c => c.Id, c => c.PhotoQuality);
            foreach (var value in history.Values)
            {
                if (ValueKinds.Find(value.Kind).Better is null || !exposures.TryGetValue(value.CheckInId, out var exposure))
                {
                    continue;
                }

                people.Add(pseudonym);
                var time = new DateTimeOffset(DateTime.SpecifyKind(value.MeasuredAt, DateTimeKind.Utc));
                adherenceKnown &= exposure.Adherence is not null;
                var checkIn = new CheckIn(
                    pseudonym, time, value.Value, exposure.ByActive, exposure.Adherence ?? 1, quality.GetValueOrDefault(value.CheckInId));
                string series = PhotoSeries.Label(value.Kind, PhotoSeries.ModeOf(value));
                if (!byMeasure.TryGetValue(series, out var list))
                {
                    byMeasure[series] = list = [];
                    kindOf[series] = value.Kind;
                }

                list.Add(checkIn);
            }
        }

        var better = byMeasure.Keys.ToDictionary(k => k, k => ValueKinds.Find(kindOf[k]).Better ?? BetterDirection.Lower);
        var estimates = IngredientEfficacy.Estimate(
            byMeasure.ToDictionary(m => m.Key, m => (IReadOnlyList<CheckIn>)m.Value),
            skinTypes,
            better,
            new RegressionOptions { AdjustForAdherence = adherenceKnown },
            minPeople);
        return new EfficacyReport(people.Count, byMeasure.Values.Sum(l => l.Count), estimates);
    }

    private async Task<(Dictionary<Guid, SkincarePlan> ById, SkinProfile? Profile)> LoadPlansAsync(
        Guid personId, CheckInHistory history, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<Guid, SkincarePlan>();
        SkinProfile? profile = null;
        foreach (var planId in history.Steps.Select(s => s.PlanId).Distinct())
        {
            if (await store.FindPlanAsync(personId, planId, cancellationToken) is { } record)
            {
                plans[planId] = SkinsightStore.ReadPlan(record);
                profile = SkinsightStore.ReadProfile(record);
            }
        }

        return (plans, profile);
    }
}
