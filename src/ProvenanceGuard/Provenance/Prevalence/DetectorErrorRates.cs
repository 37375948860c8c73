namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A detector's measured true- and false-positive rates at its threshold, with the number of machine
/// (<see cref="TprSamples"/>) and human (<see cref="FprSamples"/>) texts they were measured on; a null count
/// treats that rate as exactly known.
/// </summary>
public sealed record DetectorErrorRates(double Tpr, double Fpr, int? TprSamples = null, int? FprSamples = null)
{
    /// <summary>Throws a <see cref="ConfigurationException"/> unless both rates are in [0, 1], TPR exceeds FPR and counts are positive.</summary>
    public DetectorErrorRates Validated()
    {
        if (!(Tpr >= 0 && Tpr <= 1)) throw new ConfigurationException($"TPR {Tpr}: must be in [0, 1]");
        if (!(Fpr >= 0 && Fpr <= 1)) throw new ConfigurationException($"FPR {Fpr}: must be in [0, 1]");
        if (!(Tpr > Fpr)) throw new ConfigurationException($"TPR {Tpr} must exceed FPR {Fpr}: such a detector carries no information about the share");
        if (TprSamples is <= 0) throw new ConfigurationException($"TPR sample size {TprSamples}: must be positive");
        if (FprSamples is <= 0) throw new ConfigurationException($"FPR sample size {FprSamples}: must be positive");
        return this;
    }
}
