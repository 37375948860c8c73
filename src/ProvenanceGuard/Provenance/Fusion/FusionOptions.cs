namespace ProvenanceGuard.Provenance.Fusion;

/// <summary>
/// How the evidence beyond the text sets the prior P(synthetic): a default, source allow and deny lists, and the
/// start of the synthetic era before which a dated text is much less likely (but not certain) to be machine-made.
/// </summary>
public sealed record FusionOptions
{
    /// <summary>ChatGPT's public release; texts published or crawled before it predate cheap fluent generators.</summary>
    public DateTimeOffset SyntheticEraStart { get; init; } = new(2022, 11, 30, 0, 0, 0, TimeSpan.Zero);
    public double DefaultPrior { get; init; } = 0.2;
    /// <summary>Prior for sources on the allow list (trusted human sources).</summary>
    public double AllowedSourcePrior { get; init; } = 0.02;
    /// <summary>Prior for sources on the deny list (known content farms).</summary>
    public double DeniedSourcePrior { get; init; } = 0.9;
    /// <summary>Prior odds are multiplied by this for a pre-era date: lower, never zero, because dates can be wrong.</summary>
    public double PreEraOddsFactor { get; init; } = 0.05;
    public IReadOnlyList<string> AllowSources { get; init; } = [];
    public IReadOnlyList<string> DenySources { get; init; } = [];

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the bad setting.</summary>
    public FusionOptions Validated()
    {
        foreach (var (name, value) in new[] { ("defaultPrior", DefaultPrior), ("allowedSourcePrior", AllowedSourcePrior), ("deniedSourcePrior", DeniedSourcePrior) })
            if (!(value > 0 && value < 1)) throw new ConfigurationException($"fusion {name} {value}: must be strictly between 0 and 1");
        if (!(PreEraOddsFactor > 0)) throw new ConfigurationException($"fusion preEraOddsFactor {PreEraOddsFactor}: must be positive");
        return this;
    }
}
