using System.Text.Json.Serialization;
using Skinsight.Application.Composition;
using Skinsight.Application.Experiments;
using Skinsight.Core;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>The operator's A/B experiments on plan variants: create, list, report and stop.</summary>
internal static class ExperimentEndpoints
{
    private const string Purpose = "A/B experiment on plan variants";

    public static IEndpointRouteBuilder MapExperiments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/experiments", async (ExperimentBody body, SkinsightServices services, CancellationToken cancellationToken) =>
            {
                var created = await services.Experiments.CreateAsync(ToRequest(body), cancellationToken);
                return Results.Created($"/api/experiments/{created.Name}/report", created);
            })
            .WithName("CreateExperiment")
            .WithSummary("Operator: create a running experiment; plans built while it runs use each person's variant.")
            .Produces<ExperimentView>(201)
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(409)
            .DisableAntiforgery()
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator(Purpose, subjectFromQuery: null);

        app.MapGet("/api/experiments", async (SkinsightServices services, CancellationToken cancellationToken) =>
                Results.Ok(await services.Experiments.ListAsync(cancellationToken)))
            .WithName("ListExperiments")
            .WithSummary("Operator: list the experiments, newest first.")
            .Produces<IReadOnlyList<ExperimentView>>()
            .ProducesProblem(401)
            .ProducesProblem(403)
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator(Purpose, subjectFromQuery: null);

        app.MapGet("/api/experiments/{name}/report", async (string name, SkinsightServices services,
                CancellationToken cancellationToken) =>
                Results.Ok(await services.Experiments.ReportAsync(name, cancellationToken)))
            .WithName("ReportExperiment")
            .WithSummary("Operator: per-arm counts, the change of the measure compared with the control "
                + "(Welch's t test, 95% interval, Cohen's d), the sample size and the stop-rule decision.")
            .Produces<ExperimentReport>()
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404)
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator(Purpose, subjectFromQuery: null);

        app.MapPost("/api/experiments/{name}/stop", async (string name, SkinsightServices services,
                CancellationToken cancellationToken) =>
                Results.Ok(await services.Experiments.StopAsync(name, cancellationToken)))
            .WithName("StopExperiment")
            .WithSummary("Operator: stop an experiment, so nobody new is assigned and plans are built as usual.")
            .Produces<ExperimentView>()
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404)
            .DisableAntiforgery()
            .RequireAuthorization(Authentication.OperatorPolicy)
            .AuditedOperator(Purpose, subjectFromQuery: null);
        return app;
    }

    private static ExperimentRequest ToRequest(ExperimentBody body)
    {
        if (body.Variants is null)
        {
            throw new InvalidInputException("variants is missing; give a list of {name, weight, routineLength}, the control first.");
        }

        return new ExperimentRequest(
            body.Name ?? "",
            body.Hypothesis ?? "",
            body.Variants.Select(v => new ExperimentArm(v.Name ?? "", v.Weight ?? 0, v.RoutineLength)).ToList(),
            body.Measure ?? "",
            body.Better,
            body.PlannedPerArm,
            body.EffectSize,
            body.Looks ?? 3);
    }

    // Every field has a default, so OpenAPI lists none as required, and the service names the ones that are
    // missing. A misspelt field is rejected rather than ignored, so a typo cannot fall back to a default.
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed record ExperimentBody(
        string? Name = null,
        string? Hypothesis = null,
        IReadOnlyList<VariantBody>? Variants = null,
        string? Measure = null,
        string? Better = null,
        int? PlannedPerArm = null,
        double? EffectSize = null,
        int? Looks = null);

    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    internal sealed record VariantBody(string? Name = null, double? Weight = null, string? RoutineLength = null);
}
