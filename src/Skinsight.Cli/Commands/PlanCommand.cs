using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Plans;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Plans;
using Skinsight.Planning;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight plan --profile PROFILE.json [--photo PHOTO]</c></summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var profile = new Option<FileInfo>("--profile")
        {
            Description = "Profile JSON: age, skinType, sensitive, concerns, pregnant, allergies, pastReactions, freeOf, "
                + "climate, lifestyle, budgetUsd, routineLength, questionnaire (see docs/profile.md).",
            HelpName = "PROFILE.json",
            Required = true,
        };
        var photo = new Option<FileInfo?>("--photo")
        {
            Description = "Photo whose analysis adds concerns and their severity (JPEG, PNG or WebP).",
            HelpName = "PHOTO",
        };

        var command = new Command("plan", "Build a morning and evening routine from a profile and, optionally, a "
            + "photo, using the imported catalog (ingredient-level advice when no catalog is imported).")
        {
            profile, photo,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            string json = await InputFiles.ReadProfileAsync(parseResult.GetRequiredValue(profile), cancellationToken);
            var skinProfile = ProfileReader.Parse(json);
            byte[]? photoBytes = parseResult.GetValue(photo) is { } photoFile
                ? await InputFiles.ReadPhotoAsync(photoFile, cancellationToken)
                : null;

            var services = await context.ServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            // A bare null here would convert through byte[] to an empty ReadOnlyMemory, read as an empty photo.
            ReadOnlyMemory<byte>? photoMemory = photoBytes is null ? (ReadOnlyMemory<byte>?)null : photoBytes;
            var result = await services.Plans.BuildAsync(person, skinProfile, photoMemory, cancellationToken);

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(PlanJson.Compose(result));
            }
            else
            {
                Write(context.Output, result.Plan);
                context.Output.WriteLine(
                    $"Plan id: {result.PlanId}. Report a step's use with 'skinsight checkin add --step {result.PlanId}:am:0' "
                    + "(am or pm, and the step index counting from 0).");
            }

            if (result.Analysis is { Quality.Accepted: false } rejected)
            {
                context.Output.Error.WriteLine(
                    "skinsight: the photo was rejected, so the plan uses the profile only: "
                    + rejected.Quality.RejectionSummary());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Write(CliOutput output, SkincarePlan plan)
    {
        var console = output.Console;
        foreach (var flag in plan.Flags)
        {
            console.MarkupLine($"[bold white on red] {Markup.Escape(flag.Message)} [/]");
        }

        if (plan.Concerns.Count > 0)
        {
            // Only a photo measures severity, so a concern from the profile or questionnaire prints none.
            console.MarkupLine("Concerns: " + Markup.Escape(string.Join(", ", plan.Concerns.Select(c => c.Severity is double severity
                ? string.Create(CultureInfo.InvariantCulture, $"{c.Concern} {severity:0.00} ({c.Source})")
                : $"{c.Concern} ({c.Source})"))));
        }

        if (plan.Baumann is { } baumann)
        {
            console.MarkupLine($"Skin type on the Baumann axes: [bold]{Markup.Escape(baumann.Code)}[/]");
        }

        WriteSteps(console, "Morning", plan.Am);
        WriteSteps(console, "Evening", plan.Pm);
        foreach (var warning in plan.Warnings)
        {
            console.MarkupLine($"[yellow]! {Markup.Escape(warning.Message)}[/] [grey]({Markup.Escape(warning.Rule)})[/]");
        }

        console.MarkupLine(plan.FromCatalog
            ? string.Create(CultureInfo.InvariantCulture, $"Total: ${plan.TotalPriceUsd:0.00}")
            : "No catalog is imported, so each step names the ingredients to look for; import one with 'skinsight catalog import'.");
    }

    private static void WriteSteps(IAnsiConsole console, string title, IReadOnlyList<RoutineStep> steps)
    {
        console.MarkupLine($"[bold underline]{title}[/]");
        Grid list = CliTables.CreateNumberedList();
        int number = 1;
        foreach (var step in steps)
        {
            string productText = step.Product is { } product
                ? $"{product.Brand}: {product.Name}" + (product.PriceUsd is { } price
                    ? string.Create(CultureInfo.InvariantCulture, $" (${price:0.00})") : "")
                : "look for " + string.Join(", ", step.Ingredients);
            list.AddRow(
                $"{number++}.",
                $"[bold]{Markup.Escape(step.Step)}[/] [grey]{Markup.Escape(step.Frequency)}[/]: {Markup.Escape(productText)}");
            list.AddRow("", $"[grey]{Markup.Escape(step.Reason)}[/]");
            foreach (string line in ExplanationLines(step.Explanation))
            {
                list.AddRow("", line);
            }
        }

        console.Write(list);
    }

    private static IEnumerable<string> ExplanationLines(StepExplanation? explanation)
    {
        if (explanation?.Ranking is { } ranking)
        {
            string source = ranking.DislikeProbability is { } dislike
                ? string.Create(CultureInfo.InvariantCulture,
                    $"ranked first of {ranking.Candidates} by the review-trained model ({dislike:0%} chance of 3 stars or less)")
                : $"ranked first of {ranking.Candidates} by rating, reviews, labels and price";
            string factors = string.Join("; ", ranking.Factors.Select(f => f.Text));
            yield return $"[grey]Why this product: {Markup.Escape(source)}{(factors.Length > 0 ? ": " : "")}{Markup.Escape(factors)}.[/]";
        }

        if (explanation is { Rules.Count: > 0 })
        {
            yield return $"[grey]Rules applied: {Markup.Escape(string.Join(", ", explanation.Rules))}[/]";
        }
    }
}
