using System.Text.Json;
using Skinsight.Application.Catalog;
using Skinsight.Application.Composition;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core;
using Skinsight.Core.Catalog;
using Skinsight.Data;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/products", SearchAsync)
            .WithName("SearchProducts")
            .WithSummary("Searches the catalog by text, category, price range, skin type, concern, and ingredients or "
                + "classes of actives that products must contain (contains) or lack (freeOf), each comma-separated.")
            .ProducesProblem(400)
            .ProducesProblem(503)
            .RejectUnknownQueryParameters()
            .AllowAnonymous();

        app.MapGet("/api/products/{id}", GetProductAsync)
            .WithName("GetProduct")
            .WithSummary("Returns one product with its parsed ingredients in label order. Each ingredient carries how "
                + "it resolved to CosIng, its functions, annex flags, ratings and knowledge-table facts, each with its "
                + "source; facts.sources lists every reference source and why one is unavailable.")
            .Produces<ProductDetails>()
            .ProducesProblem(404)
            .AllowAnonymous();

        app.MapGet("/api/catalog/formats", () => TypedResults.Ok(new FormatList(CatalogReader.FormatNames)))
            .WithName("ListCatalogFormats")
            .WithSummary("Lists the catalog formats an import reads.")
            .AllowAnonymous();

        app.MapPost("/api/catalog/imports", ImportAsync)
            .WithName("ImportCatalog")
            .WithSummary("Operator: imports a catalog file (multipart field 'file', optional field 'format').")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportReport>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(413)
            .ProducesProblem(415)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.Uploads)
            .DisableAntiforgery()
            .RequireAuthorization(Authentication.OperatorPolicy);
        return app;
    }

    private static async Task<IResult> SearchAsync(SkinsightServices services, CancellationToken cancellationToken,
        string? q = null, string? category = null, decimal? minPrice = null, decimal? maxPrice = null, string? skinType = null,
        string? concern = null, string? freeOf = null, string? contains = null, bool excludeProhibited = false, bool excludeFragranceAllergens = false,
        int skip = 0, int take = 20)
    {
        ProductCategory? parsedCategory = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            parsedCategory = Enum.TryParse<ProductCategory>(category, ignoreCase: true, out var c) && Enum.IsDefined(c)
                ? c
                : throw new InvalidInputException(
                    $"Unknown category '{category}'; use one of: "
                    + string.Join(", ", Enum.GetNames<ProductCategory>().Select(JsonNamingPolicy.CamelCase.ConvertName)) + ".");
        }

        if (skip < 0)
        {
            throw new InvalidInputException($"skip {skip} is out of range; use 0 or more.");
        }

        if (take is < 1 or > ProductQuery.MaxTake)
        {
            throw new InvalidInputException($"take {take} is out of range; use 1 to {ProductQuery.MaxTake}.");
        }

        if (minPrice > maxPrice)
        {
            throw new InvalidInputException($"minPrice {minPrice} is above maxPrice {maxPrice}; swap them.");
        }

        var freeOfWords = (freeOf ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var query = new ProductQuery(q, parsedCategory, maxPrice, skinType, concern, null, skip, take) { MinPriceUsd = minPrice };
        query.CheckFilters();
        var knowledge = IngredientKnowledge.LoadDefault();
        query = FreeOfFilter.Apply(query, freeOfWords, knowledge);
        query = ContainsFilter.Apply(
            query, (contains ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), knowledge);
        query = AnnexFilter.Apply(query, excludeProhibited, excludeFragranceAllergens, services.Annexes);
        var page = await services.Store.SearchProductsAsync(query, cancellationToken);
        return Results.Ok(new ProductList(page.Total, page.Items.Select(ProductSummary.From).ToList()));
    }

    private static async Task<IResult> GetProductAsync(string id, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        ProductDetails? details = await services.ProductDetails.FindAsync(id, cancellationToken);
        return details is null
            ? Results.Problem(title: "Product not found",
                detail: $"No product with id '{id}'; ids look like 'sephora-2023:P123'.", statusCode: 404)
            : Results.Ok(details);
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, SkinsightServices services,
        CancellationToken cancellationToken)
    {
        var form = await UploadReader.ReadFormAsync(request, cancellationToken);
        byte[] content = (await UploadReader.ReadFileAsync(form, "file", required: true, cancellationToken))!;
        string? format = form["format"].ToString() is { Length: > 0 } f ? f : null;
        string name = Path.GetFileName(form.Files.GetFile("file")!.FileName);
        string folder = Directory.CreateTempSubdirectory("skinsight-import-").FullName;
        string path = Path.Combine(folder, string.IsNullOrWhiteSpace(name) ? "catalog.csv" : name);
        try
        {
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            var report = await services.CatalogImport.ImportAsync(path, format, null, null, cancellationToken);
            return Results.Ok(report with { Path = name });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal sealed record FormatList(IReadOnlyList<string> Formats);

    internal sealed record ProductList(int Total, IReadOnlyList<ProductSummary> Items);
}
