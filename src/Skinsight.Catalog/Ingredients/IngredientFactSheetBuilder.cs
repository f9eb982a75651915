namespace Skinsight.Catalog.Ingredients;

/// <summary>
/// Builds an <see cref="IngredientFactSheet"/>: parses an ingredient list, resolves each token to CosIng and
/// collects the annex flags, ratings and knowledge-table facts that the available reference data gives.
/// </summary>
public static class IngredientFactSheetBuilder
{
    /// <summary>Builds the fact sheet of one raw ingredient list, as a label or a catalog prints it.</summary>
    public static IngredientFactSheet Build(string ingredientsRaw, IngredientReferenceData data)
    {
        ArgumentNullException.ThrowIfNull(ingredientsRaw);
        ArgumentNullException.ThrowIfNull(data);

        ParsedIngredientList parsed = InciParser.Parse(ingredientsRaw);
        List<IngredientFacts> ingredients = [];
        List<ActiveIngredient> productActives = [];
        foreach (IngredientSection section in parsed.Sections)
        {
            foreach (IngredientToken token in section.Tokens)
            {
                IngredientFacts facts = Describe(ingredients.Count + 1, token, section, data, out var actives);
                ingredients.Add(facts);
                productActives.AddRange(actives.Where(a => !productActives.Contains(a)));
            }
        }

        return new IngredientFactSheet(
            ingredients,
            FindProductConflicts(ingredients, productActives, data.Knowledge),
            parsed.Discarded,
            data.Sources);
    }

    private static IngredientFacts Describe(
        int position,
        IngredientToken token,
        IngredientSection section,
        IngredientReferenceData data,
        out IReadOnlyList<ActiveIngredient> actives)
    {
        (IngredientResolution resolution, CosingEntry? entry) = Resolve(token.Name, data.Inventory);
        string lookupName = LookupName(token.Name, resolution);
        IngredientKnowledge knowledge = data.Knowledge;
        actives = knowledge.Identify(lookupName);

        return new IngredientFacts(
            position,
            token.Raw,
            token.Name,
            section.Title,
            section.MayContain,
            token.Percent,
            resolution,
            lookupName,
            entry?.Functions ?? [],
            entry is { Functions.Count: > 0 } ? IngredientReferenceData.InventorySource : null,
            AnnexFlags(lookupName, data.Annexes),
            data.Comedogenic?.Find(lookupName) is { } rating
                ? new ComedogenicFact(rating.Name, rating.Comedogenicity, rating.Irritancy, IngredientReferenceData.ComedogenicSource)
                : null,
            data.Cosdna?.Find(lookupName) is { } cosdna && (cosdna.Acne.Count > 0 || cosdna.Irritant.Count > 0)
                ? new CosdnaFact(cosdna.Name, cosdna.Acne, cosdna.Irritant, IngredientReferenceData.CosdnaSource)
                : null,
            [.. actives.Select(ToFact)],
            [.. knowledge.FindAllergenGroups(lookupName)
                .Select(g => new AllergenFact(g.Group, g.Source, IngredientReferenceData.KnowledgeSource))],
            ConflictsOf(actives, knowledge),
            ContraindicationsOf(actives, knowledge));
    }

    private static (IngredientResolution, CosingEntry?) Resolve(string name, CosingInventory? inventory)
    {
        bool korean = KoreanInciNames.ContainsHangul(name);
        string? translation = korean ? KoreanInciNames.Default.Translate(name) : null;
        if (korean && translation is null)
        {
            return (new IngredientResolution(ResolutionMethod.Unresolved, null, 0, null, null, null), null);
        }

        if (inventory is null)
        {
            return (new IngredientResolution(ResolutionMethod.NotChecked, null, 0, translation, null, null), null);
        }

        InciResolution match = inventory.Resolve(translation ?? name);
        ResolutionMethod method = ToMethod(match.Kind);
        if (!match.Resolved)
        {
            return (new IngredientResolution(ResolutionMethod.Unresolved, null, 0, translation, null, null), null);
        }

        return korean
            ? (new IngredientResolution(ResolutionMethod.KoreanTable, match.Entry!.InciName, match.Confidence, translation,
                method, IngredientReferenceData.InventorySource), match.Entry)
            : (new IngredientResolution(method, match.Entry!.InciName, match.Confidence, null, null,
                IngredientReferenceData.InventorySource), match.Entry);
    }

    private static ResolutionMethod ToMethod(InciMatchKind kind) => kind switch
    {
        InciMatchKind.Exact => ResolutionMethod.Exact,
        InciMatchKind.Normalised => ResolutionMethod.Normalised,
        InciMatchKind.Synonym => ResolutionMethod.Synonym,
        InciMatchKind.Fuzzy => ResolutionMethod.Fuzzy,
        _ => ResolutionMethod.Unresolved,
    };

    /// <summary>
    /// Returns the CosIng name when the match is certain enough to carry safety flags (exact, normalised or a
    /// synonym), and otherwise the label name or its Korean translation.
    /// </summary>
    private static string LookupName(string labelName, IngredientResolution resolution)
    {
        ResolutionMethod certainty = resolution.TranslationMatch ?? resolution.Method;
        bool certain = resolution.InciName is not null
            && certainty is ResolutionMethod.Exact or ResolutionMethod.Normalised or ResolutionMethod.Synonym;
        return certain ? resolution.InciName! : resolution.Translation ?? labelName;
    }

    private static IReadOnlyList<AnnexFlag> AnnexFlags(string name, CosingAnnexes? annexes) =>
        annexes is null
            ? []
            : [.. annexes.Find(name).Select(e => new AnnexFlag(
                e.Annex,
                e.Reference,
                e.Substance,
                e.Prohibited,
                e.Conditional,
                e.LabelledFragranceAllergen,
                e.MaxConcentration,
                e.ProductTypes,
                e.Conditions,
                IngredientReferenceData.AnnexesSource))];

    private static ActiveFact ToFact(ActiveIngredient active) => new(
        active.Id,
        active.Name,
        active.Class,
        active.Concerns,
        active.Concentration,
        active.Photosensitising,
        active.Cautions,
        active.Source,
        IngredientReferenceData.KnowledgeSource);

    private static IReadOnlyList<ConflictFact> ConflictsOf(
        IReadOnlyList<ActiveIngredient> actives,
        IngredientKnowledge knowledge)
    {
        List<ConflictFact> facts = [];
        foreach (ConflictRule rule in knowledge.Conflicts)
        {
            bool left = actives.Any(a => IngredientKnowledge.IsIn(a, rule.Left));
            bool right = actives.Any(a => IngredientKnowledge.IsIn(a, rule.Right));
            if (left || right)
            {
                IReadOnlyList<string> other = left ? rule.Right : rule.Left;
                facts.Add(new ConflictFact(rule.Id, other, rule.When, rule.Severity, rule.Reason, rule.Advice,
                    rule.Source, IngredientReferenceData.KnowledgeSource));
            }
        }

        return facts;
    }

    private static IReadOnlyList<ContraindicationFact> ContraindicationsOf(
        IReadOnlyList<ActiveIngredient> actives,
        IngredientKnowledge knowledge) =>
        [.. knowledge.Contraindications
            .Where(c => actives.Any(a => IngredientKnowledge.IsIn(a, c.Actives)))
            .Select(c => new ContraindicationFact(c.Id, c.Condition, c.AbovePercent, c.Severity, c.Reason, c.Source,
                IngredientReferenceData.KnowledgeSource))];

    private static IReadOnlyList<ProductConflict> FindProductConflicts(
        IReadOnlyList<IngredientFacts> ingredients,
        IReadOnlyList<ActiveIngredient> actives,
        IngredientKnowledge knowledge)
    {
        List<ProductConflict> conflicts = [];
        foreach (ConflictRule rule in knowledge.FindConflicts(actives, actives))
        {
            string[] involved = [.. ingredients
                .Where(i => i.Conflicts.Any(c => c.Id == rule.Id))
                .Select(i => i.Name)
                .Distinct()];
            conflicts.Add(new ProductConflict(rule.Id, involved, rule.Severity, rule.Reason, rule.Advice, rule.Source,
                IngredientReferenceData.KnowledgeSource));
        }

        return conflicts;
    }
}
