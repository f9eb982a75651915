using Skinsight.Learning.Backbone;
using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>
/// The ResNet-18 backbone and a classifier head: RGB images 0-255 [N, 3, H, W] in, one logit per class out. The acne
/// grader uses the same network with a 4-grade head.
/// </summary>
public sealed class ConditionNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ResNet18Backbone backbone;
    private readonly ClassifierHead head;

    public ConditionNetwork(ResNet18Backbone backbone, ClassifierHead head)
        : base(nameof(ConditionNetwork))
    {
        this.backbone = backbone;
        this.head = head;
        RegisterComponents();
    }

    public ResNet18Backbone Backbone => backbone;

    public ClassifierHead Head => head;

    public override Tensor forward(Tensor rgb)
    {
        using Tensor features = backbone.forward(rgb);
        return head.forward(features);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
