using Skinsight.Planning;

namespace Skinsight.Web.Endpoints;

/// <summary>The skin questionnaire, so that clients such as the web page ask the same questions the planner scores.</summary>
internal static class QuestionnaireEndpoints
{
    public static IEndpointRouteBuilder MapQuestionnaire(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/questionnaire", () => TypedResults.Ok(new QuestionList(
                Questionnaire.MinAnswer, Questionnaire.MaxAnswer, Questionnaire.Questions)))
            .WithName("GetQuestionnaire")
            .WithSummary("Lists the skin questionnaire's questions; send the answers (1 to 4) in the profile's 'questionnaire' object.")
            .Produces<QuestionList>()
            .AllowAnonymous();
        return app;
    }

    internal sealed record QuestionList(int MinAnswer, int MaxAnswer, IReadOnlyList<Question> Questions);
}
