using Microsoft.AspNetCore.Mvc;
using Skinsight.Application.Composition;
using Skinsight.Application.Tracking;
using Skinsight.Core;
using Skinsight.Core.Serialization;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

internal static class ProgressEndpoints
{
    public static IEndpointRouteBuilder MapProgress(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/progress", GetAsync)
            .WithName("GetProgress")
            .Audited("show the owner's progress")
            .WithSummary("Returns the person's dashboard: each measure's series, trend judged against its noise floor, "
                + "flagged check-ins, per-person effects of actives, and plan advice.")
            .Produces<ProgressDashboard>()
            .ProducesProblem(400);

        app.MapGet("/api/progress/charts/{measure}", ChartAsync)
            .WithName("GetProgressChart")
            .Audited("draw the owner's progress chart")
            .WithSummary("Draws one measure's progress with its Theil-Sen trend and noise band; format=png (default) or svg. "
                + "A photo measure has one series per photo mode: mode=face, closeup or unknown picks one, and may be "
                + "left out when the measure has a single series.")
            .Produces(200, contentType: "image/png")
            .Produces(200, contentType: "image/svg+xml")
            .RejectUnknownQueryParameters()
            .ProducesProblem(400)
            .ProducesProblem(404);

        app.MapGet("/api/progress/before-after", BeforeAfterAsync)
            .WithName("GetBeforeAfter")
            .Audited("show the owner's before and after photos")
            .WithSummary("Returns the first and the newest check-in photos side by side, cropped and scaled on the face box.")
            .Produces(200, contentType: "image/png")
            .ProducesProblem(400);
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext context, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var dashboard = await services.Progress.GetDashboardAsync(personId, cancellationToken);
        return Results.Json(dashboard, SkinsightJson.Options);
    }

    private static async Task<IResult> BeforeAfterAsync(HttpContext context, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var png = await services.Progress.BeforeAfterAsync(personId, cancellationToken);
        return Results.File(png, "image/png");
    }

    private static async Task<IResult> ChartAsync([FromRoute] string measure, string? format, string? mode,
        HttpContext context, SkinsightServices services, CancellationToken cancellationToken)
    {
        // Mode names ignore case, as format names do.
        mode = mode?.ToLowerInvariant();
        if (mode is not null && !PhotoSeries.Modes.Contains(mode))
        {
            throw new InvalidInputException(
                $"mode '{mode}' is not supported; use {string.Join(", ", PhotoSeries.Modes)}, or leave it out.");
        }

        var chartFormat = (format ?? "png").ToLowerInvariant() switch
        {
            "png" => ChartFormat.Png,
            "svg" => ChartFormat.Svg,
            _ => throw new InvalidInputException($"format '{format}' is not supported; use png or svg."),
        };
        var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
        var dashboard = await services.Progress.GetDashboardAsync(personId, cancellationToken);
        var series = dashboard.Measures
            .Where(m => m.Kind == measure && (mode is null || m.Mode == mode))
            .ToList();
        if (series.Count == 0)
        {
            string named = mode is null ? $"measure '{measure}'" : $"measure '{measure}' from mode {mode}";
            return Results.Problem(
                title: "Measure not found",
                detail: $"No check-in has {named}; /api/progress lists the measures with check-ins.",
                statusCode: 404);
        }

        if (series.Count > 1)
        {
            throw new InvalidInputException(
                $"Measure '{measure}' has one series per photo mode ({string.Join(", ", series.Select(m => m.Mode))}); "
                + "pick one with mode=.");
        }

        var progress = series[0];
        var bytes = ProgressChart.Render(progress, chartFormat);
        return Results.File(bytes, chartFormat == ChartFormat.Svg ? "image/svg+xml" : "image/png");
    }
}
