using Skinsight.Core;

namespace Skinsight.Application.Privacy;

/// <summary>Processing needs a consent the person has not given; the API returns it as a 403 ProblemDetails.</summary>
public sealed class ConsentRequiredException(ConsentText consent)
    : InvalidInputException(
        $"This needs your consent to '{consent.Name}'. Read it with GET /api/consents and give it with "
        + $"PUT /api/consents/{consent.Name} and the body {{\"textVersion\":\"{consent.Version}\"}}.")
{
    public ConsentText Consent { get; } = consent;

    public override int StatusCode => 403;
}
