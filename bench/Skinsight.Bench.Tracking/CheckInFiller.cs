using Npgsql;
using NpgsqlTypes;
using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using System.Globalization;
using Skinsight.Data;
using Skinsight.Data.Encryption;

namespace Skinsight.Bench.Tracking;

/// <summary>
/// Writes synthetic people, plans and weekly check-ins straight into PostgreSQL with binary COPY, which is much
/// faster than EF Core inserts at a million rows.
/// </summary>
/// <remarks>
/// Each check-in has three photo measures (noise 3, photo quality 30-95, so some fall below the quality gate of
/// the trend), two self-ratings and one hydration reading, and reports use of the plan's two active steps.
/// Synthetic load only: the values follow no real person.
/// </remarks>
internal sealed class CheckInFiller(string connectionString, int seed, KeyRing keys)
{
    private static readonly string[] s_measures = [MeasureNames.Redness, MeasureNames.Spots, MeasureNames.Texture];
    private static readonly DateTime s_end = new(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

    private readonly Random _random = new(seed);

    public long CheckInRows { get; private set; }

    public long ValueRows { get; private set; }

    public long StepRows { get; private set; }

    /// <summary>Fills the database and returns the ids of the people created.</summary>
    public async Task<IReadOnlyList<Guid>> FillAsync(int people, int checkIns)
    {
        int perPerson = Math.Max(1, checkIns / people);
        var ids = Enumerable.Range(0, people).Select(_ => Guid.CreateVersion7()).ToList();
        string planJson = StoreJson.Serialize(Plan());
        string profileJson = StoreJson.Serialize(new SkinProfile { Age = 30, SkinType = SkinType.Combination, Concerns = [Concerns.Redness] });

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var planIds = await WritePeopleAndPlansAsync(connection, ids, perPerson, profileJson, planJson);
        await WriteCheckInsAsync(connection, ids, planIds, perPerson);
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return ids;
    }

    private static async Task<Dictionary<Guid, Guid>> WritePeopleAndPlansAsync(
        NpgsqlConnection connection, List<Guid> ids, int perPerson, string profileJson, string planJson)
    {
        var planIds = new Dictionary<Guid, Guid>();
        await using (var people = await connection.BeginBinaryImportAsync(
            "COPY people (\"Id\", \"CreatedAt\", \"Handle\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in ids)
            {
                await people.StartRowAsync();
                await people.WriteAsync(id, NpgsqlDbType.Uuid);
                await people.WriteAsync(FirstDay(perPerson), NpgsqlDbType.TimestampTz);
                await people.WriteAsync($"bench-{id:N}", NpgsqlDbType.Text);
            }

            await people.CompleteAsync();
        }

        await using var plans = await connection.BeginBinaryImportAsync(
            "COPY plans (\"Id\", \"PersonId\", \"CreatedAt\", \"ProfileJson\", \"PlanJson\") FROM STDIN (FORMAT BINARY)");
        foreach (var id in ids)
        {
            var planId = Guid.CreateVersion7();
            planIds[id] = planId;
            await plans.StartRowAsync();
            await plans.WriteAsync(planId, NpgsqlDbType.Uuid);
            await plans.WriteAsync(id, NpgsqlDbType.Uuid);
            await plans.WriteAsync(FirstDay(perPerson), NpgsqlDbType.TimestampTz);
            await plans.WriteAsync(profileJson, NpgsqlDbType.Text);
            await plans.WriteAsync(planJson, NpgsqlDbType.Text);
        }

        await plans.CompleteAsync();
        return planIds;
    }

    private async Task WriteCheckInsAsync(
        NpgsqlConnection connection, List<Guid> ids, Dictionary<Guid, Guid> planIds, int perPerson)
    {
        // The three tables are written in turn per batch of people, because one connection runs one COPY at a time.
        const int BatchPeople = 500;
        for (int startIndex = 0; startIndex < ids.Count; startIndex += BatchPeople)
        {
            var batch = ids.Skip(startIndex).Take(BatchPeople).Select(id => Person(id, planIds[id], perPerson)).ToList();
            await CopyCheckInsAsync(connection, batch);
            await CopyValuesAsync(connection, batch);
            await CopyStepsAsync(connection, batch);
        }
    }

    private SyntheticPerson Person(Guid id, Guid planId, int perPerson)
    {
        var first = s_end.AddDays(-7.0 * (perPerson - 1) - _random.Next(0, 365));
        var baselines = s_measures.Select(_ => 30 + 40 * _random.NextDouble()).ToArray();
        int nicStart = _random.Next(0, perPerson), retStart = _random.Next(0, perPerson);
        var rows = new List<SyntheticCheckIn>(perPerson);
        for (int week = 0; week < perPerson; week++)
        {
            double nic = week >= nicStart ? 0.5 + 0.5 * _random.NextDouble() : 0;
            double ret = week >= retStart ? 0.5 + 0.5 * _random.NextDouble() : 0;
            var scores = baselines.Select(b => b - 4 * nic - 6 * ret + Normal(3)).ToArray();
            rows.Add(new SyntheticCheckIn(
                Guid.CreateVersion7(),
                first.AddDays(7 * week).AddMinutes(_random.Next(0, 600)),
                30 + 65 * _random.NextDouble(),
                scores,
                Math.Clamp(Math.Round(5 - 2 * nic + Normal(1)), 0, 10),
                Math.Clamp(Math.Round(1 + 2 * ret + Normal(1)), 0, 10),
                Math.Clamp(40 + 5 * nic + Normal(4), 0, 120),
                nic,
                ret));
        }

        return new SyntheticPerson(id, planId, rows);
    }

    private async Task CopyCheckInsAsync(NpgsqlConnection connection, List<SyntheticPerson> batch)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY check_ins (\"Id\", \"PersonId\", \"TakenAt\", \"CreatedAt\", \"AnalysisId\", \"PhotoQuality\") FROM STDIN (FORMAT BINARY)");
        foreach (var person in batch)
        {
            foreach (var checkIn in person.CheckIns)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(checkIn.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(person.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(checkIn.Time, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(checkIn.Time, NpgsqlDbType.TimestampTz);
                await writer.WriteNullAsync();
                await writer.WriteAsync(checkIn.Quality, NpgsqlDbType.Double);
                CheckInRows++;
            }
        }

        await writer.CompleteAsync();
    }

    private async Task CopyValuesAsync(NpgsqlConnection connection, List<SyntheticPerson> batch)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY check_in_values (\"CheckInId\", \"PersonId\", \"Source\", \"Kind\", \"Value\", \"Unit\", \"Noise\", \"MeasuredAt\") FROM STDIN (FORMAT BINARY)");
        foreach (var person in batch)
        {
            foreach (var checkIn in person.CheckIns)
            {
                for (int m = 0; m < s_measures.Length; m++)
                {
                    await WriteValueAsync(writer, person.Id, checkIn, "Photo", s_measures[m], checkIn.Scores[m], "score", 3);
                }

                await WriteValueAsync(writer, person.Id, checkIn, "Rating", "dryness", checkIn.Dryness, "score", null);
                await WriteValueAsync(writer, person.Id, checkIn, "Rating", "irritation", checkIn.Irritation, "score", null);
                await WriteValueAsync(writer, person.Id, checkIn, "Sensor", "hydration", checkIn.Hydration, "AU", null);
            }
        }

        await writer.CompleteAsync();
    }

    private async Task WriteValueAsync(
        NpgsqlBinaryImporter writer, Guid personId, SyntheticCheckIn checkIn, string source, string kind, double value,
        string unit, double? noise)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(checkIn.Id, NpgsqlDbType.Uuid);
        await writer.WriteAsync(personId, NpgsqlDbType.Uuid);
        await writer.WriteAsync(source, NpgsqlDbType.Varchar);
        await writer.WriteAsync(kind, NpgsqlDbType.Varchar);
        // The store keeps each value as invariant text encrypted under the person's data key.
        string stored = EncryptionInterceptor.EncryptText(keys, personId, value.ToString("R", CultureInfo.InvariantCulture));
        await writer.WriteAsync(stored, NpgsqlDbType.Text);
        await writer.WriteAsync(unit, NpgsqlDbType.Varchar);
        if (noise is { } n)
        {
            await writer.WriteAsync(n, NpgsqlDbType.Double);
        }
        else
        {
            await writer.WriteNullAsync();
        }

        await writer.WriteAsync(checkIn.Time, NpgsqlDbType.TimestampTz);
        ValueRows++;
    }

    private async Task CopyStepsAsync(NpgsqlConnection connection, List<SyntheticPerson> batch)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY check_in_steps (\"CheckInId\", \"PersonId\", \"PlanId\", \"Routine\", \"StepIndex\", \"Used\") FROM STDIN (FORMAT BINARY)");
        foreach (var person in batch)
        {
            foreach (var checkIn in person.CheckIns)
            {
                foreach (var (index, used) in new[] { (0, checkIn.Niacinamide), (1, checkIn.Retinol) })
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(checkIn.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(person.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(person.PlanId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync("pm", NpgsqlDbType.Varchar);
                    await writer.WriteAsync(index, NpgsqlDbType.Integer);
                    await writer.WriteAsync(used, NpgsqlDbType.Double);
                    StepRows++;
                }
            }
        }

        await writer.CompleteAsync();
    }

    private static DateTime FirstDay(int perPerson) => s_end.AddDays(-7.0 * perPerson - 365);

    private double Normal(double sd)
    {
        // Box-Muller transform.
        double u1 = 1 - _random.NextDouble(), u2 = _random.NextDouble();
        return sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static SkincarePlan Plan() => new()
    {
        Am = [new RoutineStep("cleanse", "daily", "Cleans.", null, [], [])],
        Pm =
        [
            new RoutineStep("treat", "daily", "Calms redness.", null, ["niacinamide"], [Concerns.Redness]),
            new RoutineStep("treat", "3 nights a week", "Evens texture.", null, ["retinol"], [Concerns.Texture]),
        ],
    };

    private sealed record SyntheticPerson(Guid Id, Guid PlanId, List<SyntheticCheckIn> CheckIns);

    private sealed record SyntheticCheckIn(
        Guid Id,
        DateTime Time,
        double Quality,
        double[] Scores,
        double Dryness,
        double Irritation,
        double Hydration,
        double Niacinamide,
        double Retinol);
}
