using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>Which mirror images and quarter turns of a square input are classified at one size.</summary>
/// <remarks>The values start at 1, so that a view whose model file leaves the symmetry out fails validation.</remarks>
public enum ViewSymmetry
{
    /// <summary>The image as it is.</summary>
    None = 1,

    /// <summary>The image and its horizontal, vertical and double flips: 4 views.</summary>
    Flips,

    /// <summary>
    /// The 4 flips of the image and the 4 of its transpose: every quarter turn and every mirror image, 8 views.
    /// </summary>
    FlipsAndTransposes,
}

/// <summary>One input side and the views of the image classified at it.</summary>
/// <param name="Size">Side in pixels the image is scaled to, a multiple of 32 as the backbone needs.</param>
public sealed record ViewScale(int Size, ViewSymmetry Symmetry);

/// <summary>
/// Test-time view averaging: a network's class probabilities are the mean over several views of each image, which
/// removes part of the prediction's dependence on how the photo happened to be oriented and framed.
/// </summary>
public static class ImageViews
{
    /// <summary>How much larger the second scale of <see cref="TwoScales"/> is: one step of the backbone's stride.</summary>
    public const int ScaleStep = 32;

    /// <summary>Every input side must be a multiple of this, because of the backbone's strides and asymmetric padding.</summary>
    private const int SizeMultiple = 32;

    /// <summary>Most images forwarded at once; views of larger batches go through in several passes.</summary>
    private const int MaxImagesPerPass = 64;

    /// <summary>Names accepted by <see cref="Parse"/>, for command-line help.</summary>
    public static IReadOnlyList<string> Names { get; } = ["single", "flips", "two-scales"];

    /// <summary>One pass of the image at <paramref name="inputSize"/>.</summary>
    public static IReadOnlyList<ViewScale> Single(int inputSize) => [new(inputSize, ViewSymmetry.None)];

    /// <summary>The 4 flips at <paramref name="inputSize"/>.</summary>
    public static IReadOnlyList<ViewScale> Flips(int inputSize) => [new(inputSize, ViewSymmetry.Flips)];

    /// <summary>
    /// 12 views: the 8 flips and transposes at <paramref name="inputSize"/> and the 4 flips at
    /// <paramref name="inputSize"/> + <see cref="ScaleStep"/>.
    /// </summary>
    /// <remarks>
    /// NOTE: this set was chosen on the condition classifier's validation images. The acne grader uses it too, although
    /// its quarter turns show faces lying sideways, and its gain there rests on a few photos (2 val, 8 test).
    /// </remarks>
    public static IReadOnlyList<ViewScale> TwoScales(int inputSize) =>
        [new(inputSize, ViewSymmetry.FlipsAndTransposes), new(inputSize + ScaleStep, ViewSymmetry.Flips)];

    /// <summary>Returns the views named <paramref name="name"/> (one of <see cref="Names"/>) for a model's input size.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static IReadOnlyList<ViewScale> Parse(string name, int inputSize) => name switch
    {
        "single" => Single(inputSize),
        "flips" => Flips(inputSize),
        "two-scales" => TwoScales(inputSize),
        _ => throw new ArgumentException(
            $"Unknown views '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>
    /// Checks views read from the model description <paramref name="descriptionPath"/>: at least one, each with a
    /// symmetry and a positive size that is a multiple of 32.
    /// </summary>
    /// <exception cref="ModelFormatException">A view is missing or invalid; the message names it.</exception>
    public static void Validate(IReadOnlyList<ViewScale?> views, string descriptionPath)
    {
        ArgumentNullException.ThrowIfNull(views);
        if (views.Count == 0)
        {
            throw new ModelFormatException(
                $"The views list in {descriptionPath} is empty; give at least one view, such as {{\"size\": 128, \"symmetry\": \"None\"}}.");
        }

        for (int i = 0; i < views.Count; i++)
        {
            ViewScale view = views[i]
                ?? throw new ModelFormatException($"views[{i}] in {descriptionPath} is null; give a size and a symmetry.");
            if (view.Size < SizeMultiple || view.Size % SizeMultiple != 0)
            {
                throw new ModelFormatException(
                    $"views[{i}].size {view.Size} in {descriptionPath} is not a positive multiple of {SizeMultiple}; use one such as 128 or 160.");
            }

            if (!Enum.IsDefined(view.Symmetry))
            {
                throw new ModelFormatException(
                    $"views[{i}] in {descriptionPath} has no valid symmetry; use one of {SymmetryNames}.");
            }
        }
    }

    /// <summary>
    /// Returns a message for a model description that failed to parse because of a view's symmetry, naming the
    /// accepted values, or null when the error is about something else.
    /// </summary>
    public static string? DescribeJsonError(System.Text.Json.JsonException error, string descriptionPath)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Path is { } path && path.Contains("views", StringComparison.Ordinal)
            && path.EndsWith(".symmetry", StringComparison.Ordinal)
            ? $"{path.TrimStart('$', '.')} in {descriptionPath} is not a known symmetry; use one of {SymmetryNames}."
            : null;
    }

    /// <summary>The symmetry names a model description accepts, for error messages.</summary>
    public static string SymmetryNames => string.Join(", ", Enum.GetNames<ViewSymmetry>());

    /// <summary>Number of forward passes per image.</summary>
    public static int Count(IReadOnlyList<ViewScale> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        return views.Sum(v => Transforms(v.Symmetry).Length);
    }

    /// <summary>The distinct input sides of <paramref name="views"/>, in order of first use.</summary>
    public static IReadOnlyList<int> Sizes(IReadOnlyList<ViewScale> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        return views.Select(v => v.Size).Distinct().ToArray();
    }

    /// <summary>
    /// Returns the mean softmax probabilities [N, classes] of <paramref name="network"/> over every view, given the
    /// same N images at each size of <paramref name="views"/> in <paramref name="inputs"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No views, or an input is missing for one of their sizes.</exception>
    internal static Tensor Probabilities(
        ConditionNetwork network, IReadOnlyDictionary<int, Tensor> inputs, IReadOnlyList<ViewScale> views)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(views);
        if (views.Count == 0)
        {
            throw new ArgumentException("At least one view is needed.", nameof(views));
        }

        using var scope = NewDisposeScope();
        Tensor? sum = null;
        int count = 0;
        foreach (ViewScale view in views)
        {
            if (!inputs.TryGetValue(view.Size, out Tensor? input))
            {
                throw new ArgumentException($"No input at {view.Size} px was given for the views.", nameof(inputs));
            }

            long images = input.shape[0];
            Func<Tensor, Tensor>[] transforms = Transforms(view.Symmetry);

            // Views of a small batch go through the network together, which is faster than one pass each.
            int viewsPerPass = (int)Math.Clamp(MaxImagesPerPass / Math.Max(images, 1), 1, transforms.Length);
            for (int first = 0; first < transforms.Length; first += viewsPerPass)
            {
                Tensor[] batch = transforms.Skip(first).Take(viewsPerPass).Select(t => t(input)).ToArray();
                Tensor probabilities = nn.functional.softmax(network.forward(cat(batch, 0)), 1);
                Tensor perView = probabilities.reshape(batch.Length, images, -1).sum(dim: 0);
                sum = sum is null ? perView : sum + perView;
                count += batch.Length;
            }
        }

        return (sum! / count).MoveToOuterDisposeScope();
    }

    private static Func<Tensor, Tensor>[] Transforms(ViewSymmetry symmetry) => symmetry switch
    {
        ViewSymmetry.None => [x => x],
        ViewSymmetry.Flips => s_flips,
        ViewSymmetry.FlipsAndTransposes => [.. s_flips, .. s_flips.Select(f => (Func<Tensor, Tensor>)(x => f(x.transpose(2, 3))))],
        _ => throw new ArgumentOutOfRangeException(nameof(symmetry), symmetry, "Unknown view symmetry."),
    };

    private static readonly Func<Tensor, Tensor>[] s_flips =
    [
        x => x,
        x => x.flip(3),
        x => x.flip(2),
        x => x.flip(2, 3),
    ];
}
