namespace Skinsight.Vision.Measures;

/// <summary>
/// A piecewise-linear map from a raw quantity to a 0-100 score, fixed by anchor points in increasing order of value.
/// Values below the first anchor take its score, values above the last take the last score.
/// </summary>
internal sealed class ScoreScale
{
    private readonly (double Value, double Score)[] _anchors;

    public ScoreScale(params (double Value, double Score)[] anchors)
    {
        if (anchors.Length < 2)
        {
            throw new ArgumentException("A score scale needs at least two anchors.", nameof(anchors));
        }

        for (int i = 1; i < anchors.Length; i++)
        {
            if (anchors[i].Value <= anchors[i - 1].Value)
            {
                throw new ArgumentException("Anchor values must increase.", nameof(anchors));
            }
        }

        _anchors = anchors;
    }

    public double this[double value] => Map(value);

    public double Map(double value)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }

        if (value <= _anchors[0].Value)
        {
            return _anchors[0].Score;
        }

        for (int i = 1; i < _anchors.Length; i++)
        {
            if (value <= _anchors[i].Value)
            {
                var (v0, s0) = _anchors[i - 1];
                var (v1, s1) = _anchors[i];
                return s0 + ((s1 - s0) * (value - v0) / (v1 - v0));
            }
        }

        return _anchors[^1].Score;
    }
}
