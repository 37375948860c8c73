namespace ProvenanceGuard;

/// <summary>The pipeline, configuration or command line is wrong; the message says where. Maps to exit code 2.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
