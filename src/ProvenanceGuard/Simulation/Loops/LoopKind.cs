namespace ProvenanceGuard.Simulation.Loops;

/// <summary>How each generation's training data is assembled.</summary>
public enum LoopKind
{
    /// <summary>Train only on the previous generation's output.</summary>
    Replace,
    /// <summary>Train on all real data plus all synthetic data produced so far.</summary>
    Accumulate,
    /// <summary>Each generation a fraction lambda of the training set is new real data.</summary>
    FreshMix,
    /// <summary>The curator's policy and the detector's operating point decide how much synthetic data leaks in.</summary>
    Policy,
}
