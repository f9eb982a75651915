namespace Skinsight.Learning.Acne;

/// <summary>
/// Training targets of <see cref="AcneLesionNetwork"/> for one crop: a Gaussian bump of height 1 at each lesion
/// centre on the 1/8 grid, at each centre cell the log box size in cells and the lesion type, and a density of
/// Gaussians that each sum to 1, so that the density of a crop sums to the number of lesion centres in it.
/// </summary>
internal sealed class AcneLesionTargets
{
    /// <summary>Type value of the cells that hold no lesion centre; the loss ignores them.</summary>
    public const long NoType = -100;

    /// <summary>Spread of each lesion's density, in cells.</summary>
    private const float DensitySigma = 1;

    /// <summary>Smallest spread of a bump, in cells.</summary>
    private const float MinSigma = 0.6f;

    /// <summary>Spread of a bump as a share of the box's larger side, in cells.</summary>
    private const float SigmaPerCell = 0.15f;

    public AcneLesionTargets(int side)
    {
        Side = side;
        Centres = new float[side * side];
        Sizes = new float[2 * side * side];
        Types = Enumerable.Repeat(NoType, side * side).ToArray();
        Density = new float[side * side];
    }

    /// <summary>Cells per side of the grid.</summary>
    public int Side { get; }

    /// <summary>Bump heights, row-major [side, side].</summary>
    public float[] Centres { get; }

    /// <summary>Log box width then log box height in cells, [2, side, side]; read only at centre cells.</summary>
    public float[] Sizes { get; }

    /// <summary>Lesion type at centre cells, <see cref="NoType"/> elsewhere, [side, side].</summary>
    public long[] Types { get; }

    /// <summary>Lesion density, row-major [side, side]; each lesion adds a Gaussian that sums to 1 over the whole grid.</summary>
    public float[] Density { get; }

    /// <summary>Lesion centres that fall inside the crop.</summary>
    public int Count { get; private set; }

    /// <summary>Builds the targets of the lesions of a crop, given in crop pixels; lesions whose centre lies outside are skipped.</summary>
    public static AcneLesionTargets Build(IEnumerable<AcneLesion> lesions, int cropSize)
    {
        int side = cropSize / AcneLesionNetwork.Stride;
        var targets = new AcneLesionTargets(side);
        foreach (AcneLesion lesion in lesions)
        {
            targets.Add(lesion);
        }

        return targets;
    }

    private void Add(AcneLesion lesion)
    {
        const float stride = AcneLesionNetwork.Stride;
        float cx = lesion.CentreX / stride, cy = lesion.CentreY / stride;
        int column = (int)MathF.Floor(cx), row = (int)MathF.Floor(cy);
        if (column < 0 || row < 0 || column >= Side || row >= Side)
        {
            return;
        }

        float width = Math.Max(lesion.Width / stride, 0.5f), height = Math.Max(lesion.Height / stride, 0.5f);
        float sigma = Math.Max(MinSigma, SigmaPerCell * Math.Max(width, height));
        int radius = (int)MathF.Ceiling(3 * sigma);
        for (int y = Math.Max(0, row - radius); y <= Math.Min(Side - 1, row + radius); y++)
        {
            for (int x = Math.Max(0, column - radius); x <= Math.Min(Side - 1, column + radius); x++)
            {
                float dx = x - column, dy = y - row;
                float bump = MathF.Exp(-((dx * dx) + (dy * dy)) / (2 * sigma * sigma));
                int cell = (y * Side) + x;
                Centres[cell] = Math.Max(Centres[cell], bump);
            }
        }

        AddDensity(cx - 0.5f, cy - 0.5f);
        Count++;
        int centre = (row * Side) + column;
        Centres[centre] = 1;
        Sizes[centre] = MathF.Log(width);
        Sizes[(Side * Side) + centre] = MathF.Log(height);
        Types[centre] = lesion.Type;
    }

    /// <summary>Adds a Gaussian centred at (<paramref name="x"/>, <paramref name="y"/>) in cell units, normalised to sum 1 over the cells it covers.</summary>
    private void AddDensity(float x, float y)
    {
        int radius = (int)MathF.Ceiling(3 * DensitySigma);
        int row = (int)MathF.Round(y), column = (int)MathF.Round(x);
        var weights = new List<(int Cell, float Weight)>();
        float total = 0;
        for (int yy = Math.Max(0, row - radius); yy <= Math.Min(Side - 1, row + radius); yy++)
        {
            for (int xx = Math.Max(0, column - radius); xx <= Math.Min(Side - 1, column + radius); xx++)
            {
                float dx = xx - x, dy = yy - y;
                float w = MathF.Exp(-((dx * dx) + (dy * dy)) / (2 * DensitySigma * DensitySigma));
                weights.Add(((yy * Side) + xx, w));
                total += w;
            }
        }

        // A lesion near the crop's edge keeps its whole weight on the cells inside, so the sum stays the count.
        foreach ((int cell, float w) in weights)
        {
            Density[cell] += w / total;
        }
    }
}
