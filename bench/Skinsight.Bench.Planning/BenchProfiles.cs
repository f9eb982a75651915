using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Profiles;
using Skinsight.Planning;
using Skinsight.Planning.Safety;

namespace Skinsight.Bench.Planning;

/// <summary>
/// Profiles for the bench: the safety evaluation's risk combinations, varied in routine length, questionnaire
/// answers and "free of" wishes, with a product history on every fourth profile.
/// </summary>
internal static class BenchProfiles
{
    private const int Seed = 20261204;

    public static List<(SkinProfile Profile, IReadOnlyList<ProductExperience> History)> Create(int count, IReadOnlyList<Product> catalog)
    {
        var random = new Random(Seed);
        RoutineLength[] lengths = Enum.GetValues<RoutineLength>();
        string[] questions = [.. Questionnaire.Questions.Select(q => q.Id)];
        var cases = new List<(SkinProfile, IReadOnlyList<ProductExperience>)>(count);
        IReadOnlyList<SkinProfile> risks = RiskProfiles.All().ToList();
        for (int i = 0; i < count; i++)
        {
            SkinProfile profile = risks[i % risks.Count] with
            {
                RoutineLength = lengths[random.Next(lengths.Length)],
                FreeOf = random.Next(3) == 0 ? ["parabens"] : [],
            };
            if (random.Next(2) == 0)
            {
                var answers = questions.ToDictionary(q => q, _ => random.Next(Questionnaire.MinAnswer, Questionnaire.MaxAnswer + 1));
                QuestionnaireResult result = Questionnaire.Score(answers);
                profile = profile with { Baumann = result.Baumann, SkinType = result.SkinType ?? profile.SkinType };
            }

            IReadOnlyList<ProductExperience> history = i % 4 == 0 ? History(random, catalog) : [];
            cases.Add((profile, history));
        }

        return cases;
    }

    private static List<ProductExperience> History(Random random, IReadOnlyList<Product> catalog)
    {
        var history = new List<ProductExperience>();
        ExperienceKind[] kinds = Enum.GetValues<ExperienceKind>();
        for (int j = 0; j < 6; j++)
        {
            Product product = catalog[random.Next(catalog.Count)];
            history.Add(new ProductExperience(product.Key, kinds[j % kinds.Length], DateTimeOffset.UnixEpoch));
        }

        return history;
    }
}
