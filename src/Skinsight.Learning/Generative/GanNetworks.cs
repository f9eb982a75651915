using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Generative;

/// <summary>Maps latent vectors [N, latent] and labels [N] to images [N, 3, size, size] with values -1 to 1.</summary>
/// <remarks>Unconditional generators ignore the labels.</remarks>
public abstract class GanGenerator(string name) : nn.Module<Tensor, Tensor, Tensor>(name);

/// <summary>Maps images [N, 3, size, size] with values -1 to 1, and labels [N], to one logit per image (real vs generated).</summary>
public abstract class GanDiscriminator(string name) : nn.Module<Tensor, Tensor, Tensor>(name);

/// <summary>Initialises weights as the DCGAN paper does: N(0, 0.02) for layers, N(1, 0.02) for batch-norm scales.</summary>
internal static class GanInitialization
{
    public static void Apply(nn.Module module)
    {
        using var disabled = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    nn.init.normal_(conv.weight, 0, 0.02);
                    break;
                case ConvTranspose2d transposed:
                    nn.init.normal_(transposed.weight, 0, 0.02);
                    break;
                case Linear linear:
                    nn.init.normal_(linear.weight, 0, 0.02);
                    if (linear.bias is not null)
                    {
                        nn.init.zeros_(linear.bias);
                    }

                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight, 0, 0.02);
                    break;
                case BatchNorm2d norm:
                    nn.init.normal_(norm.weight, 1, 0.02);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}

/// <summary>
/// DCGAN generator: the latent vector (and a learned class embedding for the conditional variant) is projected to
/// 4x4 and doubled four times to 64x64 by transposed convolutions with batch norm and ReLU, ending in tanh.
/// </summary>
public sealed class ConvolutionalGenerator : GanGenerator
{
    private readonly Embedding? class_embedding;
    private readonly Sequential layers;

    public ConvolutionalGenerator(GanSpec spec)
        : base(nameof(ConvolutionalGenerator))
    {
        ArgumentNullException.ThrowIfNull(spec);
        long w = spec.Width;
        long input = spec.LatentSize;
        if (spec.Conditional)
        {
            class_embedding = nn.Embedding(spec.ClassNames.Count, spec.LatentSize);
            input += spec.LatentSize;
        }

        layers = nn.Sequential(
            ("project", nn.ConvTranspose2d(input, w * 8, 4, stride: 1, padding: 0L, bias: false)),
            ("norm1", nn.BatchNorm2d(w * 8)),
            ("relu1", nn.ReLU()),
            ("up8", nn.ConvTranspose2d(w * 8, w * 4, 4, stride: 2, padding: 1, bias: false)),
            ("norm2", nn.BatchNorm2d(w * 4)),
            ("relu2", nn.ReLU()),
            ("up16", nn.ConvTranspose2d(w * 4, w * 2, 4, stride: 2, padding: 1, bias: false)),
            ("norm3", nn.BatchNorm2d(w * 2)),
            ("relu3", nn.ReLU()),
            ("up32", nn.ConvTranspose2d(w * 2, w, 4, stride: 2, padding: 1, bias: false)),
            ("norm4", nn.BatchNorm2d(w)),
            ("relu4", nn.ReLU()),
            ("up64", nn.ConvTranspose2d(w, 3, 4, stride: 2, padding: 1, bias: false)),
            ("tanh", nn.Tanh()));
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    public override Tensor forward(Tensor latent, Tensor labels)
    {
        using var scope = NewDisposeScope();
        Tensor input = class_embedding is null ? latent : cat([latent, class_embedding.forward(labels)], 1);
        return layers.forward(input.view(input.shape[0], input.shape[1], 1, 1)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// DCGAN discriminator: four stride-2 convolutions with leaky ReLU (batch norm after the first) down to 4x4, then a
/// 4x4 convolution to one logit. The conditional variant adds a projection term: the inner product of a learned
/// class embedding with the pooled last features.
/// </summary>
public sealed class ConvolutionalDiscriminator : GanDiscriminator
{
    private readonly Sequential features;
    private readonly Conv2d output;
    private readonly Embedding? class_projection;

    public ConvolutionalDiscriminator(GanSpec spec)
        : base(nameof(ConvolutionalDiscriminator))
    {
        ArgumentNullException.ThrowIfNull(spec);
        long w = spec.Width;
        features = nn.Sequential(
            ("down32", nn.Conv2d(3, w, 4, stride: 2, padding: 1, bias: false)),
            ("leaky1", nn.LeakyReLU(0.2)),
            ("down16", nn.Conv2d(w, w * 2, 4, stride: 2, padding: 1, bias: false)),
            ("norm2", nn.BatchNorm2d(w * 2)),
            ("leaky2", nn.LeakyReLU(0.2)),
            ("down8", nn.Conv2d(w * 2, w * 4, 4, stride: 2, padding: 1, bias: false)),
            ("norm3", nn.BatchNorm2d(w * 4)),
            ("leaky3", nn.LeakyReLU(0.2)),
            ("down4", nn.Conv2d(w * 4, w * 8, 4, stride: 2, padding: 1, bias: false)),
            ("norm4", nn.BatchNorm2d(w * 8)),
            ("leaky4", nn.LeakyReLU(0.2)));
        output = nn.Conv2d(w * 8, 1, 4, stride: 1, padding: 0L, bias: false);
        if (spec.Conditional)
        {
            class_projection = nn.Embedding(spec.ClassNames.Count, w * 8);
        }

        RegisterComponents();
        GanInitialization.Apply(this);
    }

    public override Tensor forward(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        Tensor h = features.forward(images);
        Tensor logits = output.forward(h).view(-1);
        if (class_projection is not null)
        {
            logits = logits + (class_projection.forward(labels) * h.sum([2, 3])).sum(1);
        }

        return logits.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Fully connected generator of the seed's sketch: latent (plus a one-hot class) through 256 and 512 leaky-ReLU units
/// to 3 x 28 x 28 values with tanh.
/// </summary>
public sealed class DenseGenerator : GanGenerator
{
    private readonly int class_count;
    private readonly int image_size;
    private readonly Sequential layers;

    public DenseGenerator(GanSpec spec)
        : base(nameof(DenseGenerator))
    {
        ArgumentNullException.ThrowIfNull(spec);
        class_count = spec.ClassNames.Count;
        image_size = spec.ImageSize;
        long w = spec.Width * 8;
        layers = nn.Sequential(
            ("hidden1", nn.Linear(spec.LatentSize + class_count, w)),
            ("leaky1", nn.LeakyReLU(0.2)),
            ("hidden2", nn.Linear(w, w * 2)),
            ("leaky2", nn.LeakyReLU(0.2)),
            ("pixels", nn.Linear(w * 2, 3L * image_size * image_size)),
            ("tanh", nn.Tanh()));
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    public override Tensor forward(Tensor latent, Tensor labels)
    {
        using var scope = NewDisposeScope();
        Tensor input = class_count == 0
            ? latent
            : cat([latent, nn.functional.one_hot(labels, class_count).to(latent.dtype)], 1);
        return layers.forward(input).view(-1, 3, image_size, image_size).MoveToOuterDisposeScope();
    }
}

/// <summary>Fully connected discriminator: 3 x 28 x 28 values (plus a one-hot class) through 512 and 256 leaky-ReLU units to one logit.</summary>
public sealed class DenseDiscriminator : GanDiscriminator
{
    private readonly int class_count;
    private readonly Sequential layers;

    public DenseDiscriminator(GanSpec spec)
        : base(nameof(DenseDiscriminator))
    {
        ArgumentNullException.ThrowIfNull(spec);
        class_count = spec.ClassNames.Count;
        long w = spec.Width * 8;
        layers = nn.Sequential(
            ("hidden1", nn.Linear((3L * spec.ImageSize * spec.ImageSize) + class_count, w * 2)),
            ("leaky1", nn.LeakyReLU(0.2)),
            ("hidden2", nn.Linear(w * 2, w)),
            ("leaky2", nn.LeakyReLU(0.2)),
            ("logit", nn.Linear(w, 1)));
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    public override Tensor forward(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        Tensor input = images.flatten(1);
        if (class_count > 0)
        {
            input = cat([input, nn.functional.one_hot(labels, class_count).to(images.dtype)], 1);
        }

        return layers.forward(input).view(-1).MoveToOuterDisposeScope();
    }
}
