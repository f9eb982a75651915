using System.Text.Json.Serialization;
using Skinsight.Application.Composition;
using Skinsight.Application.Research;
using Skinsight.Application.Tracking;
using Skinsight.Core;
using Skinsight.Data.Entities;
using Skinsight.Tracking.Efficacy;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>
/// A person's research demographics, and the operator's pseudonymised research export and ingredient efficacy
/// report.
/// </summary>
internal static class ResearchEndpoints
{
    /// <summary>Configuration key (or environment variable) of the base64 pseudonymisation key.</summary>
    public const string KeySetting = "SKINSIGHT_RESEARCH_KEY";

    private static readonly string[] s_sexes = ["female", "male", "other"];

    private static readonly string[] s_skinTypes =
        [.. Enum.GetNames<Core.Profiles.SkinType>().Select(name => name.ToLowerInvariant())];

    public static IEndpointRouteBuilder MapResearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/research/demographics", async (HttpContext context, SkinsightServices services, CancellationToken cancellationToken) =>
            {
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                var stored = await services.Store.FindDemographicsAsync(personId, cancellationToken);
                return Results.Ok(new DemographicsBody(stored?.BirthYear, stored?.Sex, stored?.SkinType, stored?.Region));
            })
            .WithName("GetDemographics")
            .WithSummary("Returns the signed-in person's research demographics (all null when never given).")
            .Produces<DemographicsBody>()
            .ProducesProblem(401)
            .Audited("show the owner's research demographics");

        app.MapPut("/api/research/demographics", async (DemographicsBody body, HttpContext context, SkinsightServices services,
                CancellationToken cancellationToken) =>
            {
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                var stored = Validate(body, personId);
                await services.Store.SetDemographicsAsync(stored, cancellationToken);
                return Results.Ok(new DemographicsBody(stored.BirthYear, stored.Sex, stored.SkinType, stored.Region));
            })
            .WithName("SetDemographics")
            .WithSummary("Replaces the signed-in person's birth year, sex, skin type and region for research exports, "
                + "and returns them as stored. Send all four fields, with null for one left empty.")
            .Produces<DemographicsBody>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .DisableAntiforgery()
            .Audited("store the owner's research demographics");

        app.MapGet("/api/research/export", async (IConfiguration configuration, SkinsightServices services,
                CancellationToken cancellationToken, int k = ResearchExporter.MinimumK) =>
            {
                byte[] key = ResearchExporter.ParseKey(configuration[KeySetting], $"the setting {KeySetting}");
                var export = await new ResearchExporter(services.Store, key).ExportAsync(k, cancellationToken);
                return Results.Ok(export);
            })
            .WithName("ExportResearch")
            .WithSummary("Operator: pseudonymised research export of the people with research consent, k-anonymous (k >= 5).")
            .Produces<ResearchExport>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(503)
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator("pseudonymised research export", subjectFromQuery: null);

        app.MapGet("/api/research/efficacy", async (SkinsightServices services, CancellationToken cancellationToken,
                int minPeople = IngredientEfficacy.DefaultMinPeople) =>
            {
                if (minPeople < EfficacyService.FewestPeople)
                {
                    throw new InvalidInputException(
                        $"minPeople {minPeople} is too small; pass {EfficacyService.FewestPeople} or more, so no group can single a person out.");
                }

                return Results.Ok(await services.Efficacy.ReportAsync(minPeople, cancellationToken));
            })
            .WithName("ReportIngredientEfficacy")
            .WithSummary("Operator: which actives go with improvement in which measure, per skin type, pooled under "
                + "pseudonyms over the people with research consent (fixed effects per person, clustered errors).")
            .Produces<EfficacyReport>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator("ingredient efficacy report", subjectFromQuery: null);
        return app;
    }

    private static Demographics Validate(DemographicsBody body, Guid personId)
    {
        int year = DateTime.UtcNow.Year;
        if (body.BirthYear is { } born && (born < year - 120 || born > year))
        {
            throw new InvalidInputException($"birthYear {born} is out of range; use a year from {year - 120} to {year}.");
        }

        string? sex = Normalise(body.Sex);
        if (sex is not null && !s_sexes.Contains(sex))
        {
            throw new InvalidInputException($"sex '{body.Sex}' is invalid; use one of: {string.Join(", ", s_sexes)}, or null.");
        }

        // Compared by name, because Enum.TryParse would also take numbers such as "42" and flag lists such as
        // "oily, dry".
        string? skinType = Normalise(body.SkinType);
        if (skinType is not null && !s_skinTypes.Contains(skinType))
        {
            throw new InvalidInputException(
                $"skinType '{body.SkinType}' is invalid; use one of: {string.Join(", ", s_skinTypes)}, or null.");
        }

        string? region = body.Region?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(region) && !RegionCodes.IsValid(region))
        {
            throw new InvalidInputException(
                $"region '{body.Region}' is invalid; use an ISO 3166-1 country code such as 'DE', or the country code "
                + "and an ISO 3166-2 subdivision code such as 'DE-BY', or null.");
        }

        return new Demographics
        {
            PersonId = personId,
            BirthYear = body.BirthYear,
            Sex = sex,
            SkinType = skinType,
            Region = string.IsNullOrEmpty(region) ? null : region,
        };
    }

    private static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>
    /// Research demographics. PUT replaces the whole record, so every field is required and a field the person
    /// leaves empty is sent as null.
    /// </summary>
    internal sealed record DemographicsBody(
        [property: JsonRequired] int? BirthYear,
        [property: JsonRequired] string? Sex,
        [property: JsonRequired] string? SkinType,
        [property: JsonRequired] string? Region);
}
