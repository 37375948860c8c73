namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>Which green list a watermark uses.</summary>
public enum WatermarkScheme
{
    /// <summary>Kirchenbauer et al. (2023): the green list is re-drawn from the previous word (h = 1).</summary>
    Context,
    /// <summary>Zhao et al. (2023), Unigram-Watermark: one fixed green list for the whole vocabulary.</summary>
    Unigram,
}

/// <summary>The watermark's parameters: green fraction gamma, embedding strength delta (a logit bonus) and the detection threshold on z.</summary>
public sealed record WatermarkOptions
{
    public WatermarkScheme Scheme { get; init; } = WatermarkScheme.Context;
    /// <summary>Share of the vocabulary that is green for any one context.</summary>
    public double Gamma { get; init; } = 0.25;
    /// <summary>Added to a green word's logit while generating, i.e. its weight is multiplied by e^delta.</summary>
    public double Delta { get; init; } = 2.0;
    /// <summary>A text is a hit when its z-score reaches this (4 keeps false positives near 3e-5 per text).</summary>
    public double ZThreshold { get; init; } = 4.0;

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the bad parameter.</summary>
    public WatermarkOptions Validated()
    {
        if (!(Gamma > 0 && Gamma < 1)) throw new ConfigurationException($"watermark gamma {Gamma}: must be strictly between 0 and 1");
        if (!(Delta >= 0) || double.IsInfinity(Delta)) throw new ConfigurationException($"watermark delta {Delta}: must be a finite number >= 0");
        if (double.IsNaN(ZThreshold)) throw new ConfigurationException("watermark z threshold: must be a number");
        return this;
    }
}
