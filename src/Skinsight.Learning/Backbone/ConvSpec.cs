namespace Skinsight.Learning.Backbone;

/// <summary>
/// The shape of one convolution of the pretrained graph: square kernel, stride, and the zero padding added before
/// (top and left) and after (bottom and right) in each spatial axis.
/// </summary>
public sealed record ConvSpec(long InChannels, long OutChannels, long Kernel, long Stride, long PadBefore, long PadAfter)
{
    /// <summary>True when the padding differs before and after, so it must be applied before the convolution.</summary>
    public bool IsAsymmetric => PadBefore != PadAfter;
}
