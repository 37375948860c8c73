namespace ProvenanceGuard.Records;

/// <summary>One stage's entry in a record's lineage trail: which stage, at which version, with which parameters, decided what.</summary>
public sealed record LineageEvent(string Stage, string Version, string ParametersHash, string Decision);
