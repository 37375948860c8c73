namespace ProvenanceGuard.Simulation;

/// <summary>
/// A simulator input (pipeline file, detector report, option, corpus) is missing or malformed; the
/// message names the file and, where known, the offending key or offset.
/// </summary>
public sealed class SimulationInputException(string message, bool isDataError = false) : Exception(message)
{
    /// <summary>True when the input is data (a corpus), false when it is configuration (pipeline, report, option).</summary>
    public bool IsDataError { get; } = isDataError;
}
